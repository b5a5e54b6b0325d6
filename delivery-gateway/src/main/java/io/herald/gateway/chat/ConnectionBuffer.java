package io.herald.gateway.chat;

import io.herald.web.buffer.BoundedSink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A chat connection's bounded buffer of live items ({@link BoundedSink}), filled by the shared Kafka
 * readers' threads (never blocking them) and drained by the connection's delivery pipeline: held
 * back while catch-up runs, then as fast as the client reads.
 *
 * <p>Overflow policy: disconnect. The first item that does not fit ends the buffer, runs
 * {@code onOverflow} once (the connection closes with 1013) and everything later is dropped. Nothing
 * is lost: the client reconnects and resumes by seq from the read model.
 *
 * <p>Receipts are snapshots of a conversation's cursors, so they coalesce: at most one per
 * conversation waits here, the newest.
 */
final class ConnectionBuffer extends BoundedSink<LiveItem> {

  private final Map<String, String> receipts = new ConcurrentHashMap<>();

  ConnectionBuffer(int capacity, Runnable onOverflow) {
    super(capacity, onOverflow);
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
}
