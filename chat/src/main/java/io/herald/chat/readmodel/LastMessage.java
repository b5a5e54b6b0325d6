package io.herald.chat.readmodel;

import java.time.Instant;
import org.bson.Document;

/**
 * The newest message of a conversation, for conversation lists. {@code seq} must stay the FIRST
 * field of the stored document: the projector keeps the newest one with {@code $max}, and MongoDB
 * compares embedded documents field by field in order, so the higher seq wins.
 */
public record LastMessage(long seq, String messageId, String senderId, String preview, Instant sentAt) {

  /** Conversation lists show at most this many characters of a message. */
  public static final int PREVIEW_CHARS = 140;

  static final String SEQ = "seq";

  public Document toDocument() {
    return new Document(SEQ, seq)
        .append("messageId", messageId)
        .append("senderId", senderId)
        .append("preview", preview)
        .append("sentAt", Docs.date(sentAt));
  }

  public static LastMessage fromDocument(Document d) {
    return new LastMessage(Docs.longOr(d, SEQ, 0), d.getString("messageId"), d.getString("senderId"),
        d.getString("preview"), Docs.instantOrNull(d, "sentAt"));
  }

  /** The first {@value #PREVIEW_CHARS} characters, never splitting a surrogate pair. */
  public static String preview(String body) {
    if (body == null || body.length() <= PREVIEW_CHARS) {
      return body;
    }
    int end = PREVIEW_CHARS;
    if (Character.isHighSurrogate(body.charAt(end - 1))) {
      end--;
    }
    return body.substring(0, end);
  }
}
