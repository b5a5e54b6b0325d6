package io.herald.ingest.sessions;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code sessions} collection: one document per sign-in (a device), holding the hash of its
 * current refresh token and the hashes of the ones already used (the family), so a replayed old
 * token is recognised. Every rotation is one conditional single-document write: of two concurrent
 * uses of the same token, exactly one wins.
 */
class SessionStore {

  static final String COLLECTION = "sessions";
  static final String USER_ID = "user_id";
  private static final String DEVICE = "device";
  private static final String CREATED_AT = "created_at";
  private static final String LAST_USED_AT = "last_used_at";
  private static final String EXPIRES_AT = "expires_at";
  static final String REFRESH_HASH = "refresh_hash";
  static final String USED_HASHES = "used_hashes";
  static final String REVOKED_AT = "revoked_at";
  private static final String REVOKED_WHY = "revoked_why";
  /** Used token hashes kept per session: a replay of an older one is refused but no longer revokes. */
  static final int USED_HASHES_KEPT = 64;

  private final MongoCollection<Document> sessions;

  SessionStore(MongoCollection<Document> sessions) {
    this.sessions = sessions;
  }

  /**
   * By user, and a TTL index on the expiry: a session past {@code expires_at} is refused anyway, and
   * {@link #purgeExpired} only cleans up after users who sign in again; without the TTL the sessions of
   * users who never came back stayed forever (MongoDB's TTL monitor, or the embedded server's, removes
   * them within a minute or so of expiring).
   */
  Mono<Void> ensureIndexes() {
    return Mono.from(sessions.createIndex(Indexes.ascending(USER_ID)))
        .then(Mono.from(sessions.createIndex(Indexes.ascending(EXPIRES_AT),
            new IndexOptions().name("expires_at_ttl").expireAfter(0L, TimeUnit.SECONDS))))
        .then();
  }

  Mono<Void> insert(Session s, String refreshHash) {
    return Mono.from(sessions.insertOne(new Document("_id", s.sessionId())
        .append(USER_ID, s.userId())
        .append(DEVICE, s.device())
        .append(CREATED_AT, Date.from(s.createdAt()))
        .append(LAST_USED_AT, Date.from(s.lastUsedAt()))
        .append(EXPIRES_AT, Date.from(s.expiresAt()))
        .append(REFRESH_HASH, refreshHash)
        .append(USED_HASHES, List.of()))).then();
  }

  /** Replaces the current token {@code oldHash} by {@code newHash}; empty when it is not the current token of a live session. */
  Mono<Session> rotate(String sessionId, String oldHash, String newHash, Instant now, Instant expiresAt) {
    return Mono.from(sessions.findOneAndUpdate(
            Filters.and(Filters.eq("_id", sessionId), Filters.eq(REFRESH_HASH, oldHash), live(now)),
            Updates.combine(
                Updates.set(REFRESH_HASH, newHash),
                Updates.set(LAST_USED_AT, Date.from(now)),
                Updates.set(EXPIRES_AT, Date.from(expiresAt)),
                Updates.pushEach(USED_HASHES, List.of(oldHash), new PushOptions().slice(-USED_HASHES_KEPT))),
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
        .map(SessionStore::session);
  }

  /** Whether {@code hash} is an already-used token of that session (a replay). */
  Mono<Boolean> wasUsed(String sessionId, String hash) {
    return Mono.from(sessions.find(Filters.and(Filters.eq("_id", sessionId), Filters.eq(USED_HASHES, hash))).first())
        .hasElement();
  }

  /**
   * Revokes one session; when {@code userId} is given, only if it is theirs. The owner's user id
   * when it was live (this call revoked it), empty otherwise.
   */
  Mono<String> revoke(String sessionId, String userId, String why, Instant now) {
    Bson filter = Filters.and(Filters.eq("_id", sessionId), Filters.eq(REVOKED_AT, null));
    if (userId != null) {
      filter = Filters.and(filter, Filters.eq(USER_ID, userId));
    }
    return Mono.from(sessions.findOneAndUpdate(filter, revocation(why, now),
            new FindOneAndUpdateOptions().projection(new Document(USER_ID, 1))))
        .map(d -> d.getString(USER_ID));
  }

  /** Revokes every session of the user. */
  Mono<Long> revokeAll(String userId, String why, Instant now) {
    return Mono.from(sessions.updateMany(Filters.and(Filters.eq(USER_ID, userId), Filters.eq(REVOKED_AT, null)),
        revocation(why, now))).map(r -> r.getModifiedCount());
  }

  /** The user's live sessions, most recently used first, at most {@code limit}. */
  Flux<Session> live(String userId, Instant now, int limit) {
    return Flux.from(sessions.find(Filters.and(Filters.eq(USER_ID, userId), live(now)))
        .sort(Sorts.descending(LAST_USED_AT)).limit(limit)).map(SessionStore::session);
  }

  Mono<Session> find(String sessionId) {
    return Mono.from(sessions.find(Filters.eq("_id", sessionId)).first()).map(SessionStore::session);
  }

  /** Deletes the user's sessions that expired (revoked or not): the collection stays bounded per user. */
  Mono<Void> purgeExpired(String userId, Instant now) {
    return Mono.from(sessions.deleteMany(Filters.and(Filters.eq(USER_ID, userId), Filters.lte(EXPIRES_AT, Date.from(now))))).then();
  }

  private static Bson revocation(String why, Instant now) {
    return Updates.combine(Updates.set(REVOKED_AT, Date.from(now)), Updates.set(REVOKED_WHY, why));
  }

  private static Bson live(Instant now) {
    return Filters.and(Filters.eq(REVOKED_AT, null), Filters.gt(EXPIRES_AT, Date.from(now)));
  }

  private static Session session(Document d) {
    Date revoked = d.getDate(REVOKED_AT);
    return new Session(d.getString("_id"), d.getString(USER_ID), d.getString(DEVICE), d.getDate(CREATED_AT).toInstant(),
        d.getDate(LAST_USED_AT).toInstant(), d.getDate(EXPIRES_AT).toInstant(), revoked == null ? null : revoked.toInstant());
  }
}
