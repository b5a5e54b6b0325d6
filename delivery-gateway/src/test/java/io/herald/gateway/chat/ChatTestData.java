package io.herald.gateway.chat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.chat.readmodel.ChatCollections;
import io.herald.chat.readmodel.ConversationDoc;
import io.herald.chat.readmodel.CursorDoc;
import io.herald.chat.readmodel.LastMessage;
import io.herald.chat.readmodel.Memberships;
import io.herald.chat.readmodel.MessageDoc;
import io.herald.events.ConversationKind;
import io.herald.events.Delivery;
import io.herald.events.DeliveryState;
import io.herald.events.MemberCursor;
import io.herald.testkit.HeraldInfra;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import reactor.core.publisher.Mono;

/**
 * What the Streams topology and the projector (another service) would have written: deliveries and
 * delivery states to produce, and the read model's documents, built from the chat module's record
 * types and field names.
 */
public final class ChatTestData implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final MongoClient client = MongoClients.create(HeraldInfra.mongoUri());
  private final MongoDatabase db;

  public ChatTestData(String database) {
    this.db = client.getDatabase(database);
    ChatCollections.ensureIndexes(db).block(TIMEOUT);
  }

  public static String id(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  public static Delivery delivery(String recipient, String conversationId, long seq, String sender, String body) {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return Delivery.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setRecipientId(recipient)
        .setConversationId(conversationId).setSeq(seq).setMessageId("m-" + conversationId + "-" + seq)
        .setClientMsgId("c-" + seq).setSenderId(sender).setSenderDeviceId(sender + "-phone")
        .setContentType("text/plain").setBody(body).setSentAt(at).build();
  }

  /** cursors: member → {deliveredUpTo, readUpTo}; its keys are the members. */
  public static DeliveryState state(String conversationId, long lastSeq, Map<String, long[]> cursors) {
    Map<String, MemberCursor> c = new LinkedHashMap<>();
    cursors.forEach((user, v) -> c.put(user, new MemberCursor(v[0], v[1])));
    return DeliveryState.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
        .setConversationId(conversationId).setKind(ConversationKind.DIRECT).setName(null).setAdmins(List.of())
        .setLastSeq(lastSeq).setCursors(c).build();
  }

  /** The conversation's accepted state, as the projector stores it from delivery-state. */
  public void conversation(String conversationId, ConversationKind kind, List<String> members, long lastSeq,
                           Map<String, CursorDoc> cursors) {
    Document cursorDocs = new Document();
    members.forEach(m -> cursorDocs.append(m, cursors.getOrDefault(m, CursorDoc.ZERO).toDocument()));
    Mono.from(db.getCollection(ChatCollections.CONVERSATIONS).updateOne(Filters.eq("_id", conversationId),
        Updates.combine(
            Updates.set(ConversationDoc.KIND, kind.name()),
            Updates.set(ConversationDoc.NAME, kind == ConversationKind.GROUP ? "group " + conversationId : null),
            Updates.set(ConversationDoc.ADMINS, List.of(members.get(0))),
            Updates.set(ConversationDoc.MEMBERS, members),
            Updates.max(ConversationDoc.LAST_SEQ, lastSeq),
            Updates.set(ConversationDoc.CURSORS, cursorDocs),
            Updates.max(ConversationDoc.UPDATED_AT, new Date())),
        new UpdateOptions().upsert(true))).block(TIMEOUT);
    new Memberships(db).add(conversationId, members).block(TIMEOUT);
  }

  public void directConversation(String conversationId, String a, String b, long lastSeq) {
    conversation(conversationId, ConversationKind.DIRECT, List.of(a, b), lastSeq, Map.of());
  }

  /** A message as the projector stores it from the sender's copy (also moves lastMessage). */
  public void message(Delivery d) {
    MessageDoc m = new MessageDoc(d.getConversationId(), d.getSeq(), d.getMessageId(), d.getClientMsgId(),
        d.getSenderId(), d.getContentType(), d.getBody(), d.getSentAt());
    Mono.from(db.getCollection(ChatCollections.MESSAGES).insertOne(m.toDocument())).block(TIMEOUT);
    LastMessage last = new LastMessage(m.seq(), m.messageId(), m.senderId(), LastMessage.preview(m.body()), m.sentAt());
    Mono.from(db.getCollection(ChatCollections.CONVERSATIONS).updateOne(Filters.eq("_id", m.conversationId()),
        Updates.combine(Updates.max(ConversationDoc.LAST_MESSAGE, last.toDocument()),
            Updates.max(ConversationDoc.UPDATED_AT, Date.from(m.sentAt()))),
        new UpdateOptions().upsert(true))).block(TIMEOUT);
  }

  @Override
  public void close() {
    client.close();
  }
}
