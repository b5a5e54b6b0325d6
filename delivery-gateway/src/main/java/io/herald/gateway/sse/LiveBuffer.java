package io.herald.gateway.sse;

import io.herald.gateway.auth.CredentialEnd;
import io.herald.gateway.shopfeed.FeedEvent;
import io.herald.gateway.shopfeed.LiveListener;
import io.herald.gateway.timers.ConnectionTimers;
import io.herald.web.buffer.GrowingBoundedQueue;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * A connection's bounded buffer of live items, filled by the live consumer's thread, drained as
 * fast as the client reads (and held back while the connection replays history). It also carries
 * the connection's heartbeats (asked by the gateway's {@link ConnectionTimers}) and its end, so a
 * stream is one pipeline with no timer or extra signal of its own.
 *
 * <p>Overflow policy: disconnect. When the buffer is full the connection is marked overflowed, the
 * events it still holds are discarded and its stream ends (after an {@code event: overflow}). The
 * client's EventSource reconnects with the Last-Event-ID of the last event it actually received and
 * resumes from Kafka, so nothing is lost: Kafka is the buffer, not the gateway's memory. A heartbeat
 * is queued only when nothing else waits (then the client is getting data anyway): it never
 * overflows the buffer.
 */
final class LiveBuffer implements LiveListener, ConnectionTimers.Timed {

  /** The item that asks for a {@code :heartbeat} comment. */
  static final Object HEARTBEAT = new Object() {
    @Override
    public String toString() {
      return "heartbeat";
    }
  };
  private static final Object OVERFLOWED = new Object();

  private final GrowingBoundedQueue<Object> queue;
  private final Sinks.Many<Object> items;
  private final AtomicReference<Object> end = new AtomicReference<>(); // OVERFLOWED or a CredentialEnd
  private final Runnable onOverflow;
  private final long heartbeatNanos;
  private long nextHeartbeat; // the timers' thread only

  /** Without heartbeats (tests). */
  LiveBuffer(int capacity, Runnable onOverflow) {
    this(capacity, onOverflow, Duration.ofDays(365));
  }

  /**
   * @param onOverflow runs once, on the producer thread, when the buffer overflows
   * @param heartbeat how often a heartbeat is due (checked on the timers' ticks)
   */
  LiveBuffer(int capacity, Runnable onOverflow, Duration heartbeat) {
    this.queue = new GrowingBoundedQueue<>(capacity);
    this.items = Sinks.many().unicast().onBackpressureBuffer(queue);
    this.onOverflow = onOverflow;
    this.heartbeatNanos = heartbeat.toNanos();
    this.nextHeartbeat = System.nanoTime() + heartbeatNanos;
  }

  @Override
  public void onEvent(FeedEvent event) {
    if (end.get() != null) {
      return;
    }
    Sinks.EmitResult result;
    synchronized (this) { // a Sinks.Many takes one producer at a time: the feed, the timers, a credential end
      result = items.tryEmitNext(event);
    }
    // full: FAIL_OVERFLOW, or FAIL_ZERO_SUBSCRIBER while the stream is not subscribed yet (replaying)
    boolean full = result == Sinks.EmitResult.FAIL_OVERFLOW || result == Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER;
    if (full && end(OVERFLOWED)) {
      onOverflow.run();
    }
  }

  @Override
  public void onClose() {
    synchronized (this) {
      items.tryEmitComplete();
    }
  }

  /** Queues a heartbeat when one is due and nothing else waits. */
  @Override
  public void tick(long nowNanos) {
    if (nowNanos - nextHeartbeat < 0) {
      return;
    }
    nextHeartbeat = nowNanos + heartbeatNanos;
    synchronized (this) {
      if (end.get() == null && queue.isEmpty()) {
        items.tryEmitNext(HEARTBEAT); // refused only when the stream is gone: nothing to keep alive
      }
    }
  }

  /** The connection's credentials ended: its stream ends after what it is writing, with that frame. */
  void credentialEnded(CredentialEnd why) {
    end(why);
  }

  /** First end wins; completes the items so an idle stream ends now (what they still hold is dropped). */
  private boolean end(Object why) {
    if (!end.compareAndSet(null, why)) {
      return false;
    }
    synchronized (this) {
      items.tryEmitComplete();
    }
    return true;
  }

  /** The buffered then live items (events and {@link #HEARTBEAT}s); single subscriber. */
  Flux<Object> items() {
    return items.asFlux();
  }

  /** Whether the stream must end now: overflowed, or its credentials ended. */
  boolean ended() {
    return end.get() != null;
  }

  boolean hasOverflowed() {
    return end.get() == OVERFLOWED;
  }

  /** The stream's last frame: why it ended, or null when it simply completed (the feed closed). */
  ServerSentEvent<String> lastFrame() {
    Object why = end.get();
    if (why == OVERFLOWED) {
      return SseEvents.overflow();
    }
    return why instanceof CredentialEnd c ? SseEvents.credentialEnded(c) : null;
  }
}
