package io.herald.processors.chat;

import io.herald.events.ConversationKind;
import io.herald.events.Delivery;
import io.herald.events.DeliveryState;
import io.herald.events.MemberCursor;
import io.herald.events.MessageSent;
import io.herald.processors.chat.state.ConversationState;
import io.herald.processors.chat.state.MemberState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

  /** Per stream thread: {@code MessageDigest.getInstance} per record was a visible share of the thread's time. */
  private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every JDK", e);
    }
  });

  /** The same as {@link UUID#nameUUIDFromBytes} (version 3) of the length-prefixed parts, with a reused digest. */
  static UUID uuid(String... parts) {
    StringBuilder sb = new StringBuilder();
    for (String part : parts) {
      sb.append(part.length()).append(':').append(part);
    }
    byte[] md5 = MD5.get().digest(sb.toString().getBytes(StandardCharsets.UTF_8));
    md5[6] = (byte) ((md5[6] & 0x0f) | 0x30); // version 3
    md5[8] = (byte) ((md5[8] & 0x3f) | 0x80); // IETF variant
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 8; i++) {
      msb = (msb << 8) | (md5[i] & 0xff);
      lsb = (lsb << 8) | (md5[i + 8] & 0xff);
    }
    return new UUID(msb, lsb);
  }
}
