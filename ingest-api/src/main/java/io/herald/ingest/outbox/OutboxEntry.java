package io.herald.ingest.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * A Kafka record waiting in its owner document's {@code outbox} array: written in the same
 * single-document update as the change it announces, removed once the broker acknowledged it.
 *
 * @param value the record value, already encoded with the topic's catalog serde
 */
public record OutboxEntry(UUID eventId, String topic, String key, Instant timestamp, Instant createdAt, byte[] value) {

  public static final String FIELD = "outbox";
  static final String EVENT_ID = "event_id";
  static final String CREATED_AT = "created_at";

  public Document toDocument() {
    return new Document(EVENT_ID, eventId.toString())
        .append("topic", topic)
        .append("key", key)
        .append("timestamp", java.util.Date.from(timestamp))
        .append(CREATED_AT, java.util.Date.from(createdAt))
        .append("value", new Binary(value));
  }

  static OutboxEntry fromDocument(Document d) {
    return new OutboxEntry(UUID.fromString(d.getString(EVENT_ID)), d.getString("topic"), d.getString("key"),
        d.getDate("timestamp").toInstant(), d.getDate(CREATED_AT).toInstant(), d.get("value", Binary.class).getData());
  }

  /** The pending entries of an owner document, oldest first. */
  static List<OutboxEntry> listFrom(Document owner) {
    List<Document> raw = owner.getList(FIELD, Document.class, List.of());
    List<OutboxEntry> out = new ArrayList<>(raw.size());
    raw.forEach(d -> out.add(fromDocument(d)));
    return out;
  }
}
