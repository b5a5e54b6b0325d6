package io.herald.processors.chat;

import io.herald.events.ConversationKind;
import io.herald.events.Delivery;
import io.herald.events.DeliveryState;
import io.herald.events.MemberCursor;
import io.herald.events.MessageSent;
import io.herald.processors.chat.state.ConversationState;
import io.herald.processors.chat.state.MemberState;
import io.herald.schemas.digest.Digests;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Builds the topology's output records. Event ids are name-based UUIDs of what the record is
 * (a delivery: conversation, seq, recipient; a state: the input event that caused it), so input
 * reprocessed after an aborted transaction yields the same ids, and a consumer that also sees
 * aborted records (read_uncommitted) can drop repeats by event_id.
 */
final class ChatOutputs {

  private ChatOutputs() {}

  static Delivery delivery(String conversationId, long seq, String recipient, String sender, MessageSent message,
                           Instant sentAt, Instant at) {
    return Delivery.newBuilder()
        .setEventId(uuid("delivery", conversationId, Long.toString(seq), recipient))
        .setOccurredAt(at)
        .setRecipientId(recipient)
        .setConversationId(conversationId)
        .setSeq(seq)
        .setMessageId(message.getMessageId())
        .setClientMsgId(message.getClientMsgId())
        .setSenderId(sender)
        .setSenderDeviceId(message.getSenderDeviceId())
        .setContentType(message.getContentType())
        .setBody(message.getBody())
        .setSentAt(sentAt)
        .build();
  }

  /** The conversation as accepted after a change: kind, name, admins, last_seq and every member's cursor. */
  static DeliveryState deliveryState(String conversationId, ConversationState state, UUID causeEventId, Instant at) {
    Map<String, MemberCursor> cursors = new TreeMap<>(); // sorted by user: stable output
    for (Map.Entry<String, MemberState> e : state.getMembers().entrySet()) {
      cursors.put(e.getKey(), new MemberCursor(e.getValue().getDeliveredUpTo(), e.getValue().getReadUpTo()));
    }
    return DeliveryState.newBuilder()
        .setEventId(uuid("delivery-state", causeEventId.toString()))
        .setOccurredAt(at)
        .setConversationId(conversationId)
        .setKind(ConversationKind.valueOf(state.getKind().name()))
        .setName(state.getName())
        .setAdmins(new ArrayList<>(state.getAdmins()))
        .setLastSeq(state.getLastSeq())
        .setCursors(cursors)
        .build();
  }

  /** {@link UUID#nameUUIDFromBytes} (version 3) of the length-prefixed parts, with the thread's digest ({@link Digests}). */
  static UUID uuid(String... parts) {
    StringBuilder sb = new StringBuilder();
    for (String part : parts) {
      sb.append(part.length()).append(':').append(part);
    }
    return Digests.nameUuid(sb.toString());
  }
}
