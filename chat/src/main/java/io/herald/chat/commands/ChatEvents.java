package io.herald.chat.commands;

import io.herald.events.ConversationCreated;
import io.herald.events.ConversationEvent;
import io.herald.events.ConversationKind;
import io.herald.events.MemberJoined;
import io.herald.events.MemberLeft;
import io.herald.events.MessageSent;
import io.herald.events.Receipt;
import io.herald.events.ReceiptKind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Builds the Avro events the commands produce. */
final class ChatEvents {

  private ChatEvents() {}

  static ConversationEvent created(String conversationId, String actor, ConversationKind kind, String name,
                                   List<String> members, List<String> admins, Instant at) {
    return event(conversationId, actor, at, ConversationCreated.newBuilder()
        .setKind(kind).setName(name).setMembers(members).setAdmins(admins).build());
  }

  static ConversationEvent joined(String conversationId, String actor, String userId, Instant at) {
    return event(conversationId, actor, at, MemberJoined.newBuilder().setUserId(userId).build());
  }

  static ConversationEvent left(String conversationId, String actor, String userId, Instant at) {
    return event(conversationId, actor, at, MemberLeft.newBuilder().setUserId(userId).build());
  }

  static ConversationEvent sent(String conversationId, String actor, String deviceId, String messageId,
                                String clientMsgId, String contentType, String body, Instant at) {
    return event(conversationId, actor, at, MessageSent.newBuilder()
        .setMessageId(messageId).setClientMsgId(clientMsgId).setSenderDeviceId(deviceId)
        .setContentType(contentType).setBody(body).build());
  }

  static Receipt receipt(String conversationId, String userId, String deviceId, ReceiptKind kind, long upToSeq,
                         Instant at) {
    return Receipt.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConversationId(conversationId)
        .setUserId(userId).setDeviceId(deviceId).setKind(kind).setUpToSeq(upToSeq).build();
  }

  private static ConversationEvent event(String conversationId, String actor, Instant at, Object payload) {
    return ConversationEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at)
        .setConversationId(conversationId).setActorId(actor).setPayload(payload).build();
  }
}
