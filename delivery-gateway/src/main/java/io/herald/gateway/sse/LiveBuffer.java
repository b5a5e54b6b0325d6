package io.herald.gateway.sse;

import io.herald.gateway.shopfeed.FeedEvent;
import io.herald.gateway.shopfeed.LiveListener;
import io.herald.web.buffer.GrowingBoundedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A connection's bounded buffer of live events, filled by the live consumer's thread, drained as
 * fast as the client reads (and held back while the connection replays history).
 *
 * <p>Overflow policy: disconnect. When the buffer is full the connection is marked overflowed, the
 * events it still holds are discarded and its stream ends (after an {@code event: overflow}). The
 * client's EventSource reconnects with the Last-Event-ID of the last event it actually received and
 * resumes from Kafka, so nothing is lost: Kafka is the buffer, not the gateway's memory.
 */
final class LiveBuffer implements LiveListener {

  private final Sinks.Many<FeedEvent> events;
  private final Sinks.Empty<Void> overflow = Sinks.empty();
  private final AtomicBoolean overflowed = new AtomicBoolean();
  private final Runnable onOverflow;

  /** @param onOverflow runs once, on the producer thread, when the buffer overflows */
  LiveBuffer(int capacity, Runnable onOverflow) {
    this.events = Sinks.many().unicast().onBackpressureBuffer(new GrowingBoundedQueue<>(capacity));
    this.onOverflow = onOverflow;
  }

  @Override
  public void onEvent(FeedEvent event) {
    if (overflowed.get()) {
      return;
    }
    Sinks.EmitResult result = events.tryEmitNext(event);
    // full: FAIL_OVERFLOW, or FAIL_ZERO_SUBSCRIBER while the stream is not subscribed yet (replaying)
    boolean full = result == Sinks.EmitResult.FAIL_OVERFLOW || result == Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER;
    if (full && overflowed.compareAndSet(false, true)) {
      overflow.tryEmitEmpty();
      onOverflow.run();
    }
  }

  @Override
  public void onClose() {
    events.tryEmitComplete();
  }

  /** The buffered then live events; single subscriber. */
  Flux<FeedEvent> events() {
    return events.asFlux();
  }

  /** Completes when the buffer overflows; the stream must end then. */
  Mono<Void> overflowed() {
    return overflow.asMono();
  }

  boolean hasOverflowed() {
    return overflowed.get();
  }
}
