package io.herald.ingest.idempotency;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.ingest.mongo.MongoErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The {@code idempotency} collection: {@code _id} = scope|route|key. Every state change is a
 * conditional single-document write, so two racing attempts cannot both win a key.
 */
@Component
class IdempotencyStore {

  static final String COLLECTION = "idempotency";

  private final MongoCollection<Document> records;

  IdempotencyStore(MongoDatabase database) {
    this.records = database.getCollection(COLLECTION);
  }

  /** The TTL index: real MongoDB deletes records {@code retention} after creation. */
  Mono<Void> ensureIndexes(Duration retention) {
    return Mono.from(records.createIndex(Indexes.ascending(IdempotencyRecord.CREATED_AT),
        new IndexOptions().expireAfter(retention.toSeconds(), TimeUnit.SECONDS))).then();
  }

  /** Inserts a pending record; false when the key is already taken. */
  Mono<Boolean> tryInsert(IdempotencyRecord record) {
    return Mono.from(records.insertOne(record.toDocument()))
        .thenReturn(true)
        .onErrorResume(MongoErrors::isDuplicateKey, e -> Mono.just(false));
  }

  Mono<IdempotencyRecord> find(String id) {
    return Mono.from(records.find(Filters.eq("_id", id)).first()).map(IdempotencyRecord::fromDocument);
  }

  /** Extends an expired lease of a pending record, if nobody else did first. */
  Mono<Boolean> takeOver(IdempotencyRecord stale, Instant newLease) {
    return Mono.from(records.updateOne(sameLease(stale), Updates.set(IdempotencyRecord.LEASE_UNTIL, Date.from(newLease))))
        .map(r -> r.getModifiedCount() == 1);
  }

  /** Replaces a record past its retention (the TTL monitor has not removed it yet) with a fresh one. */
  Mono<Boolean> replaceExpired(IdempotencyRecord expired, IdempotencyRecord fresh) {
    return Mono.from(records.replaceOne(Filters.and(Filters.eq("_id", expired.id()),
            Filters.eq(IdempotencyRecord.CREATED_AT, expired.createdAt())), fresh.toDocument()))
        .map(r -> r.getModifiedCount() == 1);
  }

  /** Stores the answer, unless the lease was lost to a take-over meanwhile. */
  Mono<Void> complete(IdempotencyRecord ours, StoredResponse response) {
    return Mono.from(records.updateOne(sameLease(ours), Updates.combine(
        Updates.set(IdempotencyRecord.STATE, IdempotencyRecord.DONE),
        Updates.set("status", response.status()),
        Updates.set("body", response.body())))).then();
  }

  /** Frees the key after a failure, so a retry runs afresh. */
  Mono<Void> release(IdempotencyRecord ours) {
    return Mono.from(records.deleteOne(sameLease(ours))).then();
  }

  /**
   * Ends the lease of a failed attempt but keeps the record and its reserved id: the failure may
   * have been ambiguous (a Kafka time-out on a record the broker did write), so a retry must run
   * with the same id, making any duplicate record carry the same event id.
   */
  Mono<Void> endLease(IdempotencyRecord ours, Instant now) {
    return Mono.from(records.updateOne(sameLease(ours), Updates.set(IdempotencyRecord.LEASE_UNTIL, Date.from(now)))).then();
  }

  private static Bson sameLease(IdempotencyRecord r) {
    return Filters.and(Filters.eq("_id", r.id()), Filters.eq(IdempotencyRecord.STATE, IdempotencyRecord.PENDING),
        Filters.eq(IdempotencyRecord.LEASE_UNTIL, r.leaseUntil()));
  }
}
