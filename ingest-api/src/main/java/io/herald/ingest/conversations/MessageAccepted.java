package io.herald.ingest.conversations;

import io.herald.chat.commands.SendResult;

/** The 202 answer to a send: where the broker stored it. The same on every retry with the same clientMsgId. */
public record MessageAccepted(String messageId, String conversationId, String clientMsgId, int partition, long offset) {

  static MessageAccepted of(SendResult r) {
    return new MessageAccepted(r.messageId(), r.conversationId(), r.clientMsgId(), r.partition(), r.offset());
  }
}
