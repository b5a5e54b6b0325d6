package io.herald.gateway.chat;

import io.herald.events.ReceiptKind;
import java.util.Map;

/**
 * A parsed, shape-checked frame from a client. Content rules (lengths, content types, ids) are the
 * chat library's, applied by {@code ChatCommands}. Every frame may carry a {@code ref}, echoed in
 * the {@code sent} or {@code error} frame it causes.
 */
sealed interface ClientFrame {

  String ref();

  /** Optional first frame: the last seq the client holds per conversation. */
  record Hello(String ref, Map<String, Long> resume) implements ClientFrame {}

  record Send(String ref, String conversationId, String clientMsgId, String body, String contentType)
      implements ClientFrame {}

  /** {@code delivered} or {@code read}: moves the user's cursor in the conversation. */
  record Receipt(String ref, ReceiptKind kind, String conversationId, long upToSeq) implements ClientFrame {}

  record Ping(String ref) implements ClientFrame {}

  /** A fresh access token of the same user: extends the socket past the current token's expiry. */
  record Reauth(String ref, String token) implements ClientFrame {
    @Override
    public String toString() {
      return "Reauth[ref=" + ref + "]"; // never the token
    }
  }
}
