package io.herald.chat.commands;

import java.time.Instant;
import java.util.Date;
import org.bson.Document;

/**
 * A send's idempotency record in {@code chat_sends}: reserved (pending) before producing, so a
 * concurrent or crashed attempt never mints a second message id; completed with the record's
 * position once the broker acknowledged it.
 *
 * @param id {@code actor|conversationId|clientMsgId}
 * @param requestHash fingerprint of content type and body: the same clientMsgId with other content is refused
 * @param partition null while pending
 * @param claimedAt when the current attempt took the record; a retry may take over after the lease
 */
record SendRecord(String id, String messageId, String requestHash, Integer partition, Long offset, Instant createdAt,
                  Instant claimedAt) {

  static final String MESSAGE_ID = "messageId";
  static final String REQUEST_HASH = "requestHash";
  static final String PARTITION = "partition";
  static final String OFFSET = "offset";
  static final String CREATED_AT = "createdAt";
  static final String CLAIMED_AT = "claimedAt";

  static String idOf(String actor, String conversationId, String clientMsgId) {
    return actor + "|" + conversationId + "|" + clientMsgId;
  }

  static SendRecord pending(String id, String messageId, String requestHash, Instant now) {
    return new SendRecord(id, messageId, requestHash, null, null, now, now);
  }

  SendRecord completed(int partition, long offset) {
    return new SendRecord(id, messageId, requestHash, partition, offset, createdAt, claimedAt);
  }

  boolean isPending() {
    return partition == null;
  }

  Document toDocument() {
    return new Document("_id", id).append(MESSAGE_ID, messageId).append(REQUEST_HASH, requestHash)
        .append(PARTITION, partition).append(OFFSET, offset)
        .append(CREATED_AT, Date.from(createdAt)).append(CLAIMED_AT, Date.from(claimedAt));
  }

  static SendRecord fromDocument(Document d) {
    Number partition = d.get(PARTITION, Number.class);
    Number offset = d.get(OFFSET, Number.class);
    return new SendRecord(d.getString("_id"), d.getString(MESSAGE_ID), d.getString(REQUEST_HASH),
        partition == null ? null : partition.intValue(), offset == null ? null : offset.longValue(),
        d.getDate(CREATED_AT).toInstant(), d.getDate(CLAIMED_AT).toInstant());
  }
}
