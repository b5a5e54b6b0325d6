package io.herald.ingest.idempotency;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.bson.Document;

/**
 * One key's state in the {@code idempotency} collection.
 *
 * @param reservedId the id the first attempt chose (the event id, or the new user's id); a
 *     take-over re-runs with the same id, so a duplicate send carries the same event id
 * @param response null while the first attempt is in flight
 */
record IdempotencyRecord(String id, String requestHash, UUID reservedId, Date createdAt, Date leaseUntil,
                         StoredResponse response) {

  static final String HASH = "request_hash";
  static final String STATE = "state";
  static final String PENDING = "pending";
  static final String DONE = "done";
  static final String CREATED_AT = "created_at";
  static final String LEASE_UNTIL = "lease_until";

  static IdempotencyRecord pending(String id, String requestHash, UUID reservedId, Instant now, Instant leaseUntil) {
    return new IdempotencyRecord(id, requestHash, reservedId, Date.from(now), Date.from(leaseUntil), null);
  }

  boolean isPending() {
    return response == null;
  }

  Document toDocument() {
    Document d = new Document("_id", id)
        .append(HASH, requestHash)
        .append("reserved_id", reservedId.toString())
        .append(CREATED_AT, createdAt)
        .append(LEASE_UNTIL, leaseUntil);
    if (response == null) {
      d.append(STATE, PENDING);
    } else {
      d.append(STATE, DONE).append("status", response.status()).append("body", response.body());
    }
    return d;
  }

  static IdempotencyRecord fromDocument(Document d) {
    StoredResponse response = DONE.equals(d.getString(STATE))
        ? new StoredResponse(d.getInteger("status"), d.getString("body"))
        : null;
    return new IdempotencyRecord(d.getString("_id"), d.getString(HASH), UUID.fromString(d.getString("reserved_id")),
        d.getDate(CREATED_AT), d.getDate(LEASE_UNTIL), response);
  }
}
