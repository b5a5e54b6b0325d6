package io.herald.chat.readmodel;

import java.time.Instant;
import org.bson.Document;

/** One accepted message in the {@code messages} collection, with its per-conversation sequence number. */
public record MessageDoc(String conversationId, long seq, String messageId, String clientMsgId, String senderId,
                         String contentType, String body, Instant sentAt) {

  static final String CONVERSATION_ID = "conversationId";
  static final String SEQ = "seq";

  /** {@code <conversationId>:<seq zero-padded to 20 digits>}: unique, and sorts like (conversation, seq). */
  public static String idOf(String conversationId, long seq) {
    return conversationId + ":" + String.format("%020d", seq);
  }

  public String id() {
    return idOf(conversationId, seq);
  }

  /** Every field but {@code _id}: what the projector writes with {@code $setOnInsert}. */
  public Document fields() {
    return new Document(CONVERSATION_ID, conversationId)
        .append(SEQ, seq)
        .append("messageId", messageId)
        .append("clientMsgId", clientMsgId)
        .append("senderId", senderId)
        .append("contentType", contentType)
        .append("body", body)
        .append("sentAt", Docs.date(sentAt));
  }

  public Document toDocument() {
    Document d = new Document("_id", id());
    d.putAll(fields());
    return d;
  }

  public static MessageDoc fromDocument(Document d) {
    return new MessageDoc(d.getString(CONVERSATION_ID), Docs.longOr(d, SEQ, 0), d.getString("messageId"),
        d.getString("clientMsgId"), d.getString("senderId"), d.getString("contentType"), d.getString("body"),
        Docs.instantOrNull(d, "sentAt"));
  }
}
