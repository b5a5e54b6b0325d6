package io.herald.ingest.shops;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.herald.ingest.mongo.MongoErrors;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import org.bson.Document;
import org.bson.conversions.Bson;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code shops} collection, {@code {_id: shopId, ownerId, claimedAt, pendingSince?}}: the
 * unique {@code _id} is the lock that makes a shop one account's. A claim is <em>pending</em>
 * (has {@code pendingSince}) from the moment it is taken until the owner's account lists the shop;
 * only confirmed claims open a shop's stream. Every write is a single-document conditional write.
 */
class ShopClaims {

  static final String COLLECTION = "shops";
  static final String OWNER_ID = "ownerId";
  static final String CLAIMED_AT = "claimedAt";
  static final String PENDING_SINCE = "pendingSince";

  private final MongoCollection<Document> shops;

  ShopClaims(MongoCollection<Document> shops) {
    this.shops = shops;
  }

  /** Owner look-ups (release on deletion) and the sweep's query over pending claims only. */
  Mono<Void> ensureIndexes() {
    return Mono.when(shops.createIndex(Indexes.ascending(OWNER_ID)),
        shops.createIndex(Indexes.ascending(PENDING_SINCE), new IndexOptions().sparse(true)));
  }

  /**
   * Takes {@code shopId} for {@code ownerId}, pending. True when it is now the owner's: freshly
   * inserted, or already held by the same owner (a retry of a crashed attempt), which is then
   * marked pending again. False when another owner holds it.
   */
  Mono<Boolean> claim(String shopId, String ownerId, Instant now) {
    Document claim = new Document("_id", shopId).append(OWNER_ID, ownerId)
        .append(CLAIMED_AT, Date.from(now)).append(PENDING_SINCE, Date.from(now));
    return Mono.from(shops.insertOne(claim))
        .thenReturn(true)
        .onErrorResume(MongoErrors::isDuplicateKey, e -> Mono.from(shops.updateOne(owned(shopId, ownerId),
                Updates.set(PENDING_SINCE, Date.from(now))))
            .map(r -> r.getMatchedCount() == 1));
  }

  /** Confirms the owner's pending claims on these shops: its account lists them now. */
  Mono<Void> confirm(String ownerId, Collection<String> shopIds) {
    return Mono.from(shops.updateMany(Filters.and(Filters.in("_id", shopIds), Filters.eq(OWNER_ID, ownerId)),
        Updates.unset(PENDING_SINCE))).then();
  }

  /** Frees these shops if {@code ownerId} holds them. */
  Mono<Void> release(String ownerId, Collection<String> shopIds) {
    return Mono.from(shops.deleteMany(Filters.and(Filters.in("_id", shopIds), Filters.eq(OWNER_ID, ownerId)))).then();
  }

  /** Marks every claim of the owner pending: from here on, a crash leaves them to the sweep. */
  Mono<Void> markPending(String ownerId, Instant now) {
    return Mono.from(shops.updateMany(Filters.eq(OWNER_ID, ownerId), Updates.set(PENDING_SINCE, Date.from(now)))).then();
  }

  Mono<Void> releaseAll(String ownerId) {
    return Mono.from(shops.deleteMany(Filters.eq(OWNER_ID, ownerId))).then();
  }

  /** True when {@code ownerId} holds a confirmed claim on the shop. */
  Mono<Boolean> isConfirmedOwner(String shopId, String ownerId) {
    return Mono.from(shops.find(Filters.and(owned(shopId, ownerId), Filters.exists(PENDING_SINCE, false))).first())
        .hasElement();
  }

  /** Pending claims taken before {@code cutoff}, oldest first. */
  Flux<Document> pendingBefore(Instant cutoff, int limit) {
    return Flux.from(shops.find(Filters.lt(PENDING_SINCE, Date.from(cutoff)))
        .sort(Indexes.ascending(PENDING_SINCE)).limit(limit));
  }

  /** Confirms a pending claim exactly as read, unless a request touched it meanwhile. */
  Mono<Boolean> confirmIfUnchanged(Document pending) {
    return Mono.from(shops.updateOne(unchanged(pending), Updates.unset(PENDING_SINCE))).map(r -> r.getModifiedCount() == 1);
  }

  /** Releases a pending claim exactly as read, unless a request touched it meanwhile. */
  Mono<Boolean> releaseIfUnchanged(Document pending) {
    return Mono.from(shops.deleteOne(unchanged(pending))).map(r -> r.getDeletedCount() == 1);
  }

  private static Bson owned(String shopId, String ownerId) {
    return Filters.and(Filters.eq("_id", shopId), Filters.eq(OWNER_ID, ownerId));
  }

  private static Bson unchanged(Document pending) {
    return Filters.and(owned(pending.getString("_id"), pending.getString(OWNER_ID)),
        Filters.eq(PENDING_SINCE, pending.getDate(PENDING_SINCE)));
  }
}
