package io.herald.chat.support;

import io.herald.events.ConversationKind;
import io.herald.events.Delivery;
import io.herald.events.DeliveryState;
import io.herald.events.MemberCursor;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders for the topology's output records, as the projector receives them. */
public final class TestEvents {

  private TestEvents() {}

  /** Fresh ids per test: topics are shared by the whole test JVM. */
  public static String id(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** cursors: user → {deliveredUpTo, readUpTo}; its keys are the members. */
  public static DeliveryState state(String conversationId, ConversationKind kind, String name, List<String> admins,
                                    long lastSeq, Map<String, long[]> cursors, Instant at) {
    Map<String, MemberCursor> c = new LinkedHashMap<>();
    cursors.forEach((user, v) -> c.put(user, new MemberCursor(v[0], v[1])));
    return DeliveryState.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConversationId(conversationId)
        .setKind(kind).setName(name).setAdmins(admins).setLastSeq(lastSeq).setCursors(c).build();
  }

  /** A group with every member at cursor (0, 0). */
  public static DeliveryState group(String conversationId, String name, String admin, List<String> members, long lastSeq,
                                    Instant at) {
    Map<String, long[]> cursors = new LinkedHashMap<>();
    members.forEach(m -> cursors.put(m, new long[] {0, 0}));
    return state(conversationId, ConversationKind.GROUP, name, List.of(admin), lastSeq, cursors, at);
  }

  public static Delivery delivery(String recipient, String conversationId, long seq, String sender, String body,
                                  Instant sentAt) {
    return Delivery.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(sentAt).setRecipientId(recipient)
        .setConversationId(conversationId).setSeq(seq).setMessageId("m-" + conversationId + "-" + seq)
        .setClientMsgId("c-" + seq).setSenderId(sender).setContentType("text/plain").setBody(body).setSentAt(sentAt)
        .build();
  }
}
