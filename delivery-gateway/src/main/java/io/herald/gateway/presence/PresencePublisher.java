package io.herald.gateway.presence;

import io.herald.events.PresenceKind;
import io.herald.gateway.chat.ChatSession;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Publishes this gateway's presence from ONE thread: session events handed over by the sockets
 * through a bounded queue (never blocking an event loop), and the heartbeat at a fixed rate. A
 * producer send waits at most {@code max.block.ms} (1 s) here, never on a socket's thread.
 *
 * <p>Queue overflow policy: the event is dropped and counted, and the emitter repairs the
 * processor's view at the next delivered heartbeat ({@link PresenceEmitter}): which sessions are open
 * is recorded at the call, outside the queue, so the repair knows them all.
 *
 * <p>Shutdown (phase below the chat feeds', so the sockets were already told to close): the events
 * still queued are sent, then DISCONNECTED for every session still held, then the producer is closed,
 * all within {@code shutdown-timeout}. Whatever misses it expires with the gateway's silence.
 */
final class PresencePublisher implements SmartLifecycle {

  /** After ChatFeeds (default phase) has closed the sockets, before the web server (DEFAULT - 1024) stops. */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;
  /** Far above any burst of opens and closes one gateway sees between two loop turns. */
  static final int QUEUE_CAPACITY = 65_536;

  private static final Logger log = LoggerFactory.getLogger(PresencePublisher.class);
  private static final Object WAKE = new Object();

  private record Announce(ChatSession session, PresenceKind kind) {}

  private final Producer<byte[], byte[]> producer;
  private final PresenceEmitter emitter;
  private final long intervalNanos;
  private final Duration shutdownTimeout;
  private final PresenceMetrics metrics;
  private final BlockingQueue<Object> queue;
  private volatile boolean running;
  private volatile boolean stopping;
  private volatile long stopDeadline;
  private Thread thread;

  PresencePublisher(Producer<byte[], byte[]> producer, GatewayIds ids, PresenceProperties props, Clock clock,
                    PresenceMetrics metrics) {
    this(producer, ids, props, clock, metrics, QUEUE_CAPACITY);
  }

  PresencePublisher(Producer<byte[], byte[]> producer, GatewayIds ids, PresenceProperties props, Clock clock,
                    PresenceMetrics metrics, int queueCapacity) {
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.producer = producer;
    this.emitter = new PresenceEmitter(producer, ids, props.heartbeatInterval(), clock, metrics, () -> queue.offer(WAKE));
    this.intervalNanos = props.heartbeatInterval().toNanos();
    this.shutdownTimeout = props.shutdownTimeout();
    this.metrics = metrics;
  }

  /** The current incarnation's id. */
  String gatewayId() {
    return emitter.gatewayId();
  }

  int heldSessions() {
    return emitter.heldSessions();
  }

  /** From a socket's thread: never blocks. */
  void connected(ChatSession session) {
    emitter.hold(session);
    offer(new Announce(session, PresenceKind.CONNECTED));
  }

  /** From a socket's thread: never blocks. */
  void disconnected(ChatSession session) {
    emitter.release(session);
    offer(new Announce(session, PresenceKind.DISCONNECTED));
  }

  private void offer(Object task) {
    if (!queue.offer(task)) {
      emitter.markLost();
      metrics.dropped();
    }
  }

  @Override
  public void start() {
    if (!running) {
      running = true;
      thread = new Thread(this::run, "herald-presence-publisher");
      thread.setDaemon(true);
      thread.start();
    }
  }

  @Override
  public void stop() {
    if (!running) {
      return;
    }
    stopDeadline = System.nanoTime() + shutdownTimeout.toNanos();
    stopping = true;
    queue.offer(WAKE);
    try {
      thread.join(shutdownTimeout.plusSeconds(5).toMillis()); // + one blocked send's max.block.ms and margin
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Bean destruction: a publisher that never started still owns an open producer. */
  void close() {
    if (thread == null) {
      producer.close(Duration.ZERO);
    }
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  private void run() {
    emitter.started();
    long nextBeat = System.nanoTime();
    while (!stopping) {
      try {
        long wait = nextBeat - System.nanoTime();
        Object task = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
        if (task != null) {
          apply(task);
        }
        long now = System.nanoTime();
        if (now - nextBeat >= 0) {
          emitter.beat();
          nextBeat += intervalNanos;
          if (now - nextBeat >= 0) {
            nextBeat = now + intervalNanos; // fell behind (a long stall): no burst of catch-up beats
          }
        }
        emitter.recoverIfDue();
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        log.error("presence publisher error; carrying on", e);
      }
    }
    shutDown();
  }

  private void shutDown() {
    Thread.interrupted(); // an interrupt must not abort the producer's close
    long deadline = stopping ? stopDeadline : System.nanoTime() + shutdownTimeout.toNanos();
    Object task;
    while (System.nanoTime() - deadline < 0 && (task = queue.poll()) != null) {
      apply(task);
    }
    int sent = emitter.disconnectAll(deadline);
    producer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))); // waits for the sends, bounded
    log.info("presence publisher of {} stopped; DISCONNECTED sent for {} sessions still held", emitter.gatewayId(),
        sent);
  }

  private void apply(Object task) {
    if (task instanceof Announce a) {
      emitter.announce(a.session(), a.kind());
    }
  }
}
