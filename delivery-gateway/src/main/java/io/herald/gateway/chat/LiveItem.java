package io.herald.gateway.chat;

/** What waits in a connection's {@link ConnectionBuffer}: pushed by the shared readers or a timer. */
sealed interface LiveItem {

  /**
   * A delivery from the inbox, rendered once for all the user's connections. {@code sentAtMillis}:
   * the inbox record's timestamp (the send command's, which the topology keeps), or -1 if unknown.
   */
  record Message(String conversationId, long seq, String json, long sentAtMillis) implements LiveItem {

    Message(String conversationId, long seq, String json) {
      this(conversationId, seq, json, -1);
    }
  }

  /** The conversation has a newer receipt snapshot; the buffer holds only the latest one. */
  record ReceiptDue(String conversationId) implements LiveItem {}

  /** Time for the second catch-up pass (see {@code herald.gateway.chat.settle-delay}). */
  record Settle() implements LiveItem {}

  /** Nothing to send: follows a finished pass so the pipeline does not keep it (see {@code ChatConnection}). */
  enum Release implements LiveItem { SETTLE_PASS }
}
