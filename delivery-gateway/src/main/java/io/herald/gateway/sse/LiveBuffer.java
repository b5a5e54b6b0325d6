package io.herald.gateway.sse;

import io.herald.gateway.auth.CredentialEnd;
import io.herald.gateway.shopfeed.FeedEvent;
import io.herald.gateway.shopfeed.LiveListener;
import io.herald.gateway.timers.ConnectionTimers;
import io.herald.web.buffer.BoundedSink;
import java.time.Duration;
import org.springframework.http.codec.ServerSentEvent;

/**
 * A shop stream's bounded buffer of live items ({@link BoundedSink}), filled by the live consumer's
 * thread, drained as fast as the client reads (and held back while the connection replays history).
 * It also carries the stream's heartbeats (asked by the gateway's {@link ConnectionTimers}) and its
 * end, so a stream is one pipeline with no timer or extra signal of its own.
 *
 * <p>Overflow policy: disconnect. When the buffer is full the stream ends after an
 * {@code event: overflow}, dropping what it still holds. The client's EventSource reconnects with
 * the Last-Event-ID of the last event it actually received and resumes from Kafka, so nothing is
 * lost: Kafka is the buffer, not the gateway's memory. A heartbeat is queued only when nothing else
 * waits (then the client is getting data anyway): it never overflows the buffer.
 */
final class LiveBuffer extends BoundedSink<Object> implements LiveListener, ConnectionTimers.Timed {

  /** The item that asks for a {@code :heartbeat} comment. */
  static final Object HEARTBEAT = new Object() {
    @Override
    public String toString() {
      return "heartbeat";
    }
  };

  private final long heartbeatNanos;
  private long nextHeartbeat; // the timers' thread only

  /**
   * @param onOverflow runs once, on the producer thread, when the buffer overflows
   * @param heartbeat how often a heartbeat is due (checked on the timers' ticks)
   */
  LiveBuffer(int capacity, Runnable onOverflow, Duration heartbeat) {
    super(capacity, onOverflow);
    this.heartbeatNanos = heartbeat.toNanos();
    this.nextHeartbeat = System.nanoTime() + heartbeatNanos;
  }

  @Override
  public void onEvent(FeedEvent event) {
    offer(event);
  }

  @Override
  public void onClose() {
    complete();
  }

  /** Queues a heartbeat when one is due and nothing else waits. */
  @Override
  public void tick(long nowNanos) {
    if (nowNanos - nextHeartbeat < 0) {
      return;
    }
    nextHeartbeat = nowNanos + heartbeatNanos;
    offerIfIdle(HEARTBEAT);
  }

  /** The connection's credentials ended: its stream ends after what it is writing, with that frame. */
  void credentialEnded(CredentialEnd why) {
    end(why);
  }

  /** The stream's last frame: why it ended, or null when it simply completed (the feed closed). */
  ServerSentEvent<String> lastFrame() {
    Object why = endReason();
    if (why == OVERFLOWED) {
      return SseEvents.overflow();
    }
    return why instanceof CredentialEnd c ? SseEvents.credentialEnded(c) : null;
  }
}
