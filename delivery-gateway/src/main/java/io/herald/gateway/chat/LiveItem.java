package io.herald.gateway.chat;

/** What waits in a connection's {@link ConnectionBuffer}: pushed by the shared readers or a timer. */
sealed interface LiveItem {

  /** A delivery from the inbox, rendered once for all the user's connections. */
  record Message(String conversationId, long seq, String json) implements LiveItem {}

  /** The conversation has a newer receipt snapshot; the buffer holds only the latest one. */
  record ReceiptDue(String conversationId) implements LiveItem {}

  /** Time for the second catch-up pass (see {@code herald.gateway.chat.settle-delay}). */
  record Settle() implements LiveItem {}
}
