package io.herald.gateway.chat;

import java.util.Map;
import io.herald.web.buffer.GrowingBoundedQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * A connection's bounded buffer of live items, filled by the shared Kafka readers' threads (never
 * blocking them) and drained by the connection's delivery pipeline: held back while catch-up runs,
 * then as fast as the client reads.
 *
 * <p>Overflow policy: disconnect. The first item that does not fit marks the buffer overflowed, runs
 * {@code onOverflow} once (the connection closes with 1013) and everything later is dropped. Nothing
 * is lost: the client reconnects and resumes by seq from the read model.
 *
 * <p>Receipts are snapshots of a conversation's cursors, so they coalesce: at most one per
 * conversation waits here, the newest.
 */
final class ConnectionBuffer {

  private final GrowingBoundedQueue<LiveItem> queue;
  private final Sinks.Many<LiveItem> items;
  private final Map<String, String> receipts = new ConcurrentHashMap<>();
  private final AtomicBoolean overflowed = new AtomicBoolean();
  private final Runnable onOverflow;

  ConnectionBuffer(int capacity, Runnable onOverflow) {
    this.queue = new GrowingBoundedQueue<>(capacity);
    this.items = Sinks.many().unicast().onBackpressureBuffer(queue);
    this.onOverflow = onOverflow;
  }

  /** Non-blocking; from any thread (the inbox and delivery-state readers both push here). */
  void offer(LiveItem item) {
    if (overflowed.get()) {
      return;
    }
    Sinks.EmitResult result;
    synchronized (this) { // a Sinks.Many takes one producer at a time
      result = items.tryEmitNext(item);
    }
    // full: FAIL_OVERFLOW, or FAIL_ZERO_SUBSCRIBER before the pipeline subscribed
    boolean full = result == Sinks.EmitResult.FAIL_OVERFLOW || result == Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER;
    if (full && overflowed.compareAndSet(false, true)) {
      onOverflow.run();
    }
  }

  /** Queues {@code item} only when nothing waits (an item that may be skipped); never overflows the buffer. */
  void offerIfIdle(LiveItem item) {
    if (overflowed.get()) {
      return;
    }
    synchronized (this) {
      if (queue.isEmpty()) {
        items.tryEmitNext(item); // refused only when the connection is gone
      }
    }
  }

  /** Keeps {@code json} as the conversation's pending receipt; queues a marker only if none was pending. */
  void offerReceipt(String conversationId, String json) {
    if (receipts.put(conversationId, json) == null) {
      offer(new LiveItem.ReceiptDue(conversationId));
    }
  }

  /** The newest pending receipt of the conversation, or null. */
  String takeReceipt(String conversationId) {
    return receipts.remove(conversationId);
  }

  /** Single subscriber. */
  Flux<LiveItem> items() {
    return items.asFlux();
  }

  boolean hasOverflowed() {
    return overflowed.get();
  }
}
