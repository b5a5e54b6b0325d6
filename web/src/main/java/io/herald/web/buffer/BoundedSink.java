package io.herald.web.buffer;

import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * A live connection's bounded buffer of outgoing items: filled from any thread without blocking,
 * drained by the connection's one subscriber as fast as its client reads. It takes memory only for
 * what it holds ({@link GrowingBoundedQueue}). Every push connection of the gateway (an SSE stream,
 * a chat socket and its control frames) has one; subclasses add what their items mean.
 *
 * <p>Overflow policy: end. The first item that does not fit ends the sink ({@link #OVERFLOWED}), runs
 * {@code onOverflow} once (the connection says so and closes) and every later item is dropped. The
 * owner's client resumes from Kafka or the read model, which are the buffers, not this memory.
 *
 * <p>An item that may be skipped (a heartbeat, a ping, a release marker) goes through
 * {@link #offerIfIdle}: queued only when nothing waits, so it never overflows the sink nor waits
 * behind data.
 */
public class BoundedSink<T> {

  /** The end of a sink that overflowed. */
  public static final Object OVERFLOWED = new Object() {
    @Override
    public String toString() {
      return "overflowed";
    }
  };

  private final GrowingBoundedQueue<T> queue;
  private final Sinks.Many<T> items;
  private final AtomicReference<Object> end = new AtomicReference<>();
  private final Runnable onOverflow;

  /** @param onOverflow runs once, on the thread of the item that did not fit */
  public BoundedSink(int capacity, Runnable onOverflow) {
    this.queue = new GrowingBoundedQueue<>(capacity);
    // one producer at a time is guaranteed by this class's lock, so no serializing wrapper
    this.items = Sinks.unsafe().many().unicast().onBackpressureBuffer(queue);
    this.onOverflow = onOverflow;
  }

  /** Queues {@code item}, or ends the sink when it does not fit. Non-blocking, from any thread. */
  public final void offer(T item) {
    if (end.get() != null) {
      return;
    }
    Sinks.EmitResult result;
    synchronized (this) {
      result = items.tryEmitNext(item);
    }
    // full: FAIL_OVERFLOW, or FAIL_ZERO_SUBSCRIBER when full before the owner subscribed
    boolean full = result == Sinks.EmitResult.FAIL_OVERFLOW || result == Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER;
    if (full && end(OVERFLOWED)) {
      onOverflow.run();
    }
  }

  /** Queues {@code item} only when nothing waits (an item that may be skipped); never overflows. */
  public final void offerIfIdle(T item) {
    synchronized (this) {
      if (end.get() == null && queue.isEmpty()) {
        items.tryEmitNext(item); // refused only when the subscriber is gone
      }
    }
  }

  /**
   * Ends the sink for {@code why} (first end wins) and completes its items, so an idle subscriber
   * learns at once; items still held are delivered before the completion, owners that must drop
   * them check {@link #ended()}. True for the end that won.
   */
  public final boolean end(Object why) {
    if (!end.compareAndSet(null, why)) {
      return false;
    }
    complete();
    return true;
  }

  /** Completes the items without an end reason (the source closed); what is held is still delivered. */
  public final void complete() {
    synchronized (this) {
      items.tryEmitComplete();
    }
  }

  /** The held then live items; one subscriber. */
  public final Flux<T> items() {
    return items.asFlux();
  }

  /** Why the sink ended ({@link #OVERFLOWED} or the owner's reason), or null while it has not. */
  public final Object endReason() {
    return end.get();
  }

  public final boolean ended() {
    return end.get() != null;
  }

  public final boolean hasOverflowed() {
    return end.get() == OVERFLOWED;
  }
}
