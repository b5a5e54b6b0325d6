package io.herald.chat.readmodel;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.util.Collection;
import java.util.List;
import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code chat_memberships}: per user, the ids of the conversations they are in — a superset, which
 * readers check against each conversation's members. The user's conversations are then two look-ups
 * by {@code _id} on any MongoDB; the embedded Mongo-wire server ignores the {@code members} index
 * and scanned every conversation per catch-up, per contact list and per history page.
 *
 * <p>The projector keeps it: a member is added before the state that makes them a member is
 * written, and removed only after the state without them is, so it never misses a membership
 * (a crash in between leaves an extra entry, which readers filter out).
 */
public final class Memberships {

  static final String CONVERSATIONS = "conversations";
  private static final String BACKFILL_MARKER = "memberships-v1";
  private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
  private static final int CONCURRENCY = 8;

  private final MongoCollection<Document> users;

  public Memberships(MongoDatabase db) {
    this.users = db.getCollection(ChatCollections.MEMBERSHIPS);
  }

  public Mono<Void> add(String conversationId, Collection<String> members) {
    return Flux.fromIterable(members)
        .flatMap(u -> users.updateOne(Filters.eq("_id", u), Updates.addToSet(CONVERSATIONS, conversationId), UPSERT),
            CONCURRENCY)
        .then();
  }

  public Mono<Void> remove(String conversationId, Collection<String> members) {
    return Flux.fromIterable(members)
        .flatMap(u -> users.updateOne(Filters.eq("_id", u), Updates.pull(CONVERSATIONS, conversationId)), CONCURRENCY)
        .then();
  }

  /** Ids of the conversations the user may be in (check each conversation's members). */
  public Mono<List<String>> candidatesOf(String userId) {
    return Mono.from(users.find(Filters.eq("_id", userId)).first())
        .map(d -> Docs.strings(d, CONVERSATIONS))
        .defaultIfEmpty(List.of());
  }

  /**
   * Builds the index from the conversations once per database (a read model written before it
   * existed); a marker records that it ran. Safe to repeat: additions are idempotent.
   */
  public static Mono<Void> backfillOnce(MongoDatabase db) {
    MongoCollection<Document> meta = db.getCollection(ChatCollections.META);
    Memberships memberships = new Memberships(db);
    return Mono.from(meta.find(Filters.eq("_id", BACKFILL_MARKER)).first())
        .hasElement()
        .flatMap(done -> done ? Mono.<Void>empty()
            : Flux.from(db.getCollection(ChatCollections.CONVERSATIONS).find()
                    .projection(Projections.include(ConversationDoc.MEMBERS)))
                .concatMap(c -> memberships.add(c.getString("_id"), Docs.strings(c, ConversationDoc.MEMBERS)))
                .then(Mono.from(meta.updateOne(Filters.eq("_id", BACKFILL_MARKER),
                    Updates.set("at", new java.util.Date()), UPSERT)))
                .then());
  }
}
