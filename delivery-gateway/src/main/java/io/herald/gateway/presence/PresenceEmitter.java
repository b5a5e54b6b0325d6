package io.herald.gateway.presence;

import io.herald.events.PresenceKind;
import io.herald.gateway.chat.ChatSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this gateway tells the presence processor: CONNECTED and DISCONNECTED per session, ONE
 * heartbeat per interval for all of them, and the repair after an outage. Driven by one thread (the
 * {@link PresencePublisher}'s); the producer's callbacks only flip flags.
 *
 * <p><b>Repair.</b> The processor expires this gateway's sessions once it has seen no heartbeat for
 * max(gateway-timeout, 3 intervals). A heartbeat acknowledged when the previous delivered one is
 * more than {@value #SILENCE_FACTOR} intervals old means it may have done so (a broker outage, a
 * stalled process); a session event whose send failed, or that the publisher queue refused, means
 * its view may be wrong (a lost DISCONNECTED would keep that session online for as long as we beat).
 * Both are repaired alike, once a heartbeat gets through again: a new incarnation id, a heartbeat
 * under it, and CONNECTED for every session held. The old id never beats again, so what the
 * processor still holds under it expires by its own rule; users still connected do not flicker
 * offline, their new sessions arrive first. Cost: one record per held session, once per outage.
 */
final class PresenceEmitter {

  /** Below the processor's minimum of 3 intervals, with one interval to spare for clock skew. */
  static final int SILENCE_FACTOR = 2;

  private static final Logger log = LoggerFactory.getLogger(PresenceEmitter.class);

  private final Producer<byte[], byte[]> producer;
  private final GatewayIds ids;
  private final long intervalMs;
  private final Clock clock;
  private final PresenceMetrics metrics;
  private final Runnable wake;
  /**
   * The sessions open here, updated when a socket opens or closes (any thread), not when its event is
   * sent: a repair re-announces a session even if its CONNECTED never made it. Bounded by the sockets.
   */
  private final Map<String, ChatSession> held = new ConcurrentHashMap<>();
  /** occurred_at of the newest delivered heartbeat of the current id (or when the id began). */
  private final AtomicLong lastDelivered = new AtomicLong();
  private final AtomicBoolean lost = new AtomicBoolean();
  private final AtomicBoolean recoveryDue = new AtomicBoolean();
  private volatile String gatewayId;

  /** @param wake asks the driving thread to call {@link #recoverIfDue} soon; must not block */
  PresenceEmitter(Producer<byte[], byte[]> producer, GatewayIds ids, Duration interval, Clock clock,
                  PresenceMetrics metrics, Runnable wake) {
    this.producer = producer;
    this.ids = ids;
    this.intervalMs = interval.toMillis();
    this.clock = clock;
    this.metrics = metrics;
    this.wake = wake;
    this.gatewayId = ids.next();
    this.lastDelivered.set(clock.millis());
  }

  String gatewayId() {
    return gatewayId;
  }

  int heldSessions() {
    return held.size();
  }

  /** Publishing starts now: silence before it does not count. */
  void started() {
    lastDelivered.set(clock.millis());
  }

  /** Any thread: the session is open (counted in heartbeats, re-announced by a repair). */
  void hold(ChatSession s) {
    held.put(s.sessionId(), s);
  }

  /** Any thread: the session closed. */
  void release(ChatSession s) {
    held.remove(s.sessionId());
  }

  /** The driving thread: sends the session's event under the current id. */
  void announce(ChatSession s, PresenceKind kind) {
    send(s, kind);
  }

  void connected(ChatSession s) {
    hold(s);
    announce(s, PresenceKind.CONNECTED);
  }

  /** Also for a session never announced (its CONNECTED was dropped): a DISCONNECTED is harmless. */
  void disconnected(ChatSession s) {
    release(s);
    announce(s, PresenceKind.DISCONNECTED);
  }

  /** An event was never sent (the publisher queue was full): repair at the next delivered heartbeat. */
  void markLost() {
    lost.set(true);
  }

  void beat() {
    String id = gatewayId;
    Instant at = clock.instant();
    try {
      producer.send(PresenceRecords.heartbeat(id, intervalMs, held.size(), at), (meta, error) -> {
        if (error != null) {
          metrics.beatFailed();
          log.debug("heartbeat of {} failed: {}", id, error.toString());
        } else {
          beatDelivered(id, at.toEpochMilli());
        }
      });
      metrics.beatSent();
    } catch (RuntimeException e) { // max.block.ms ran out (no metadata, full buffer), or closed
      metrics.beatFailed();
      log.debug("heartbeat of {} not sent: {}", id, e.toString());
    }
  }

  /** Repairs (see the class doc) when a delivered heartbeat said so; on the driving thread. */
  boolean recoverIfDue() {
    if (!recoveryDue.getAndSet(false)) {
      return false;
    }
    String previous = gatewayId;
    gatewayId = ids.next();
    lastDelivered.set(clock.millis());
    lost.set(false); // everything below re-announces what a lost event may have hidden
    metrics.recovery();
    log.warn("presence publishing was interrupted; re-announcing {} sessions as {} (was {})", held.size(), gatewayId,
        previous);
    beat();
    held.values().forEach(s -> send(s, PresenceKind.CONNECTED));
    return true;
  }

  /** Shutdown: DISCONNECTED for every held session until {@code deadlineNanos}; how many were sent. */
  int disconnectAll(long deadlineNanos) {
    int sent = 0;
    for (ChatSession s : List.copyOf(held.values())) {
      if (System.nanoTime() - deadlineNanos >= 0) {
        break;
      }
      disconnected(s);
      sent++;
    }
    return sent;
  }

  /** On the producer's network thread. */
  private void beatDelivered(String id, long occurredAt) {
    if (!id.equals(gatewayId)) {
      return; // a late heartbeat of a previous incarnation
    }
    long previous = lastDelivered.getAndAccumulate(occurredAt, Math::max);
    boolean silent = clock.millis() - previous > SILENCE_FACTOR * intervalMs;
    if (silent | lost.getAndSet(false)) {
      recoveryDue.set(true);
      wake.run();
    }
  }

  private void send(ChatSession s, PresenceKind kind) {
    String id = gatewayId;
    String name = kind.name().toLowerCase(Locale.ROOT);
    try {
      producer.send(PresenceRecords.event(id, ids.routeSlot(), s, kind, clock.instant()), (meta, error) -> {
        if (error != null) {
          failed(id, name, s, error);
        }
      });
      metrics.eventSent(name);
    } catch (RuntimeException e) {
      failed(id, name, s, e);
    }
  }

  private void failed(String id, String kind, ChatSession s, Exception error) {
    metrics.eventFailed(kind);
    log.debug("{} of session {} ({}) not delivered: {}", kind, s.sessionId(), id, error.toString());
    if (id.equals(gatewayId)) {
      lost.set(true); // an older id's sessions expire on their own
    }
  }
}
