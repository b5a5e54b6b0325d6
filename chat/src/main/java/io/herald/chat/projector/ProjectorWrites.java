package io.herald.chat.projector;

import static io.herald.chat.readmodel.ConversationDoc.ADMINS;
import static io.herald.chat.readmodel.ConversationDoc.CURSORS;
import static io.herald.chat.readmodel.ConversationDoc.KIND;
import static io.herald.chat.readmodel.ConversationDoc.LAST_MESSAGE;
import static io.herald.chat.readmodel.ConversationDoc.LAST_SEQ;
import static io.herald.chat.readmodel.ConversationDoc.MEMBERS;
import static io.herald.chat.readmodel.ConversationDoc.NAME;
import static io.herald.chat.readmodel.ConversationDoc.STATE_OFFSET;
import static io.herald.chat.readmodel.ConversationDoc.UPDATED_AT;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.chat.mongo.DuplicateKey;
import io.herald.chat.readmodel.ChatCollections;
import io.herald.chat.readmodel.CursorDoc;
import io.herald.chat.readmodel.LastMessage;
import io.herald.chat.readmodel.Memberships;
import io.herald.chat.readmodel.MessageDoc;
import io.herald.events.Delivery;
import io.herald.events.DeliveryState;
import io.herald.events.MemberCursor;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bson.Document;
import org.bson.conversions.Bson;
import reactor.core.publisher.Mono;

/**
 * The projector's MongoDB writes. Each is idempotent and safe to re-apply out of order, because
 * delivery is at-least-once and one conversation's messages arrive from several inbox partitions
 * (one per sender) and possibly through several projector instances.
 */
final class ProjectorWrites {

  /** Where the applied state came from: the guard's tie-breaker between states with the same lastSeq. */
  private static final String STATE_PARTITION = "statePartition";
  private static final String STATE_AT = "stateAt";

  private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
  /**
   * Reads and compare-and-set writes of one state before giving up. A lost compare-and-set means
   * another writer's state landed meanwhile, possibly an OLDER one (it read before this one wrote),
   * so the newest state may lose once per concurrent writer before the re-read finds nothing newer:
   * bounded by the writers of one conversation at once (two projector instances in a rebalance; 16
   * in the concurrency test), not by 5 as it was (the test's newest state lost 5 times in a CI run).
   */
  private static final int STATE_ATTEMPTS = 64;

  private final MongoCollection<Document> conversations;
  private final MongoCollection<Document> messages;
  private final Memberships memberships;

  ProjectorWrites(MongoDatabase db) {
    this.conversations = db.getCollection(ChatCollections.CONVERSATIONS);
    this.messages = db.getCollection(ChatCollections.MESSAGES);
    this.memberships = new Memberships(db);
  }

  /**
   * Replaces the conversation's accepted state unless the stored one is newer. Newer means a higher
   * lastSeq, or the same lastSeq from a later offset of the (single, per-key) delivery-state
   * partition. occurred_at is not used as the tie-breaker: changes within one millisecond tie, and
   * nothing guarantees it is monotonic per conversation. Re-applying the stored record is allowed
   * ({@code <=}), so a replay ends with exactly the same document.
   *
   * <p>Optimistic: read the stored (lastSeq, stateOffset) by {@code _id}, decide, then write only
   * if the stored stateOffset is still the one read (an upsert whose filter misses an existing
   * document hits the {@code _id}: someone wrote in between, so read and decide again). Both
   * queries are equality on indexed fields, which the embedded Mongo-wire server needs to avoid a
   * scan of the collection (it ignores a filter it cannot match to one index exactly).
   */
  Mono<Outcome> applyState(DeliveryState s, int partition, long offset) {
    return applyState(s, partition, offset, STATE_ATTEMPTS);
  }

  private Mono<Outcome> applyState(DeliveryState s, int partition, long offset, int attemptsLeft) {
    String id = s.getConversationId();
    return Mono.from(conversations.find(Filters.eq("_id", id))
            .projection(Projections.include(LAST_SEQ, STATE_OFFSET, MEMBERS)).first())
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(stored -> {
          Long storedOffset = stored.map(d -> d.get(STATE_OFFSET, Number.class)).map(Number::longValue).orElse(null);
          if (storedOffset != null) {
            long storedSeq = stored.get().get(LAST_SEQ, Number.class).longValue();
            boolean newer = storedSeq > s.getLastSeq() || (storedSeq == s.getLastSeq() && storedOffset > offset);
            if (newer) {
              return Mono.just(Outcome.STALE);
            }
          }
          Set<String> before = new TreeSet<>(stored.map(d -> d.getList(MEMBERS, String.class)).orElse(List.of()));
          Set<String> after = new TreeSet<>(s.getCursors().keySet());
          Set<String> joined = new TreeSet<>(after);
          joined.removeAll(before);
          Set<String> left = new TreeSet<>(before);
          left.removeAll(after);
          // Joined members are indexed before the state that lists them, left ones after: never a miss.
          return memberships.add(id, joined)
              .then(Mono.from(conversations.updateOne(
                  Filters.and(Filters.eq("_id", id), Filters.eq(STATE_OFFSET, storedOffset)),
                  stateUpdate(s, partition, offset), UPSERT)))
              .flatMap(r -> {
                Outcome outcome = r.getModifiedCount() > 0 || r.getUpsertedId() != null ? Outcome.APPLIED : Outcome.UNCHANGED;
                return memberships.remove(id, left).thenReturn(outcome);
              })
              .onErrorResume(DuplicateKey::is, e -> attemptsLeft > 1
                  ? applyState(s, partition, offset, attemptsLeft - 1)
                  : Mono.just(Outcome.STALE)); // lost the race every time: the others wrote newer states
        });
  }

  private static Bson stateUpdate(DeliveryState s, int partition, long offset) {
    Map<String, CursorDoc> cursors = new TreeMap<>();  // sorted: the stored order does not depend on the map's
    s.getCursors().forEach((user, c) -> cursors.put(user, toCursor(c)));
    Document cursorDocs = new Document();
    cursors.forEach((user, c) -> cursorDocs.append(user, c.toDocument()));
    List<Bson> changes = new ArrayList<>(List.of(
        Updates.set(KIND, s.getKind().name()),
        Updates.set(NAME, s.getName()),
        Updates.set(ADMINS, List.copyOf(s.getAdmins())),
        Updates.set(MEMBERS, List.copyOf(cursors.keySet())),
        Updates.set(LAST_SEQ, s.getLastSeq()),
        Updates.set(CURSORS, cursorDocs),
        Updates.set(STATE_PARTITION, partition),
        Updates.set(STATE_OFFSET, offset),
        Updates.set(STATE_AT, Date.from(s.getOccurredAt()))));
    if (s.getLastSeq() == 0) {
      // No message yet: the conversation's activity time is its creation (or latest membership change).
      changes.add(Updates.max(UPDATED_AT, Date.from(s.getOccurredAt())));
    }
    return Updates.combine(changes);
  }

  /** A tombstone on delivery-state: the conversation is gone from the read model (its messages stay). */
  Mono<Outcome> deleteState(String conversationId) {
    return Mono.from(conversations.find(Filters.eq("_id", conversationId)).projection(Projections.include(MEMBERS)).first())
        .map(d -> d.getList(MEMBERS, String.class) == null ? List.<String>of() : d.getList(MEMBERS, String.class))
        .defaultIfEmpty(List.of())
        .flatMap(members -> Mono.from(conversations.deleteOne(Filters.eq("_id", conversationId)))
            .flatMap(r -> memberships.remove(conversationId, members)
                .thenReturn(r.getDeletedCount() > 0 ? Outcome.APPLIED : Outcome.UNCHANGED)));
  }

  /**
   * Stores the sender's copy of a message (insert-only, so a replay changes nothing) and moves the
   * conversation's lastMessage forward. {@code $max} on lastMessage (seq first) and updatedAt makes
   * that commutative: whatever order copies arrive in, the newest wins.
   */
  Mono<Outcome> applyMessage(Delivery d) {
    MessageDoc m = messageDoc(d);
    Bson conversationUpdate = lastMessageUpdate(m);
    Mono<Outcome> insertMessage = Mono.from(messages.updateOne(Filters.eq("_id", m.id()),
            Updates.setOnInsert(m.fields()), UPSERT))
        .map(r -> r.getUpsertedId() != null ? Outcome.APPLIED : Outcome.UNCHANGED)
        .onErrorResume(DuplicateKey::is, e -> Mono.just(Outcome.UNCHANGED));  // a concurrent insert won
    Mono<UpdateResult> moveLast = Mono.from(conversations.updateOne(Filters.eq("_id", m.conversationId()),
        conversationUpdate, UPSERT));
    return insertMessage.flatMap(outcome -> moveLast
        .onErrorResume(DuplicateKey::is, e -> Mono.from(conversations.updateOne(
            Filters.eq("_id", m.conversationId()), conversationUpdate, UPSERT)))
        .thenReturn(outcome));
  }

  /**
   * {@link #applyMessage} for a whole batch in two commands: one unordered insert of every message
   * (a duplicate key is a replay: UNCHANGED) and one unordered bulk of {@code $max} updates, one per
   * conversation, with its newest message. The outcome of {@code ds.get(i)} is at index i; a
   * message MongoDB refuses (other than a duplicate) is REJECTED. A lost upsert race on a
   * conversation is retried once on its own, as in {@link #applyMessage}.
   */
  Mono<List<Outcome>> applyMessages(List<Delivery> ds) {
    if (ds.isEmpty()) {
      return Mono.just(List.of());
    }
    List<Document> docs = new ArrayList<>(ds.size());
    Map<String, Delivery> newest = new LinkedHashMap<>();
    for (Delivery d : ds) {
      docs.add(messageDoc(d).toDocument());
      newest.merge(d.getConversationId(), d, (a, b) -> b.getSeq() > a.getSeq() ? b : a);
    }
    Outcome[] outcomes = new Outcome[ds.size()];
    java.util.Arrays.fill(outcomes, Outcome.APPLIED);
    Mono<Void> insert = Mono.from(messages.insertMany(docs, new InsertManyOptions().ordered(false))).then()
        .onErrorResume(MongoBulkWriteException.class, e -> {
          for (BulkWriteError error : e.getWriteErrors()) {
            outcomes[error.getIndex()] = error.getCategory() == ErrorCategory.DUPLICATE_KEY ? Outcome.UNCHANGED : Outcome.REJECTED;
          }
          return e.getWriteConcernError() == null ? Mono.empty() : Mono.error(e);
        });
    List<Delivery> lasts = new ArrayList<>(newest.values());
    List<UpdateOneModel<Document>> moves = new ArrayList<>(lasts.size());
    for (Delivery d : lasts) {
      moves.add(new UpdateOneModel<>(Filters.eq("_id", d.getConversationId()), lastMessageUpdate(messageDoc(d)), UPSERT));
    }
    Mono<Void> moveLasts = Mono.from(conversations.bulkWrite(moves, new BulkWriteOptions().ordered(false))).then()
        .onErrorResume(MongoBulkWriteException.class, e -> {
          if (e.getWriteConcernError() != null) {
            return Mono.error(e);
          }
          List<Mono<Void>> retries = new ArrayList<>();
          for (BulkWriteError error : e.getWriteErrors()) {
            if (error.getCategory() == ErrorCategory.DUPLICATE_KEY) {
              retries.add(Mono.from(conversations.updateOne(moves.get(error.getIndex()).getFilter(),
                  moves.get(error.getIndex()).getUpdate(), UPSERT)).then());
            } else {
              Delivery refused = lasts.get(error.getIndex());
              outcomes[ds.indexOf(refused)] = Outcome.REJECTED;
            }
          }
          return Mono.when(retries);
        });
    return insert.then(moveLasts).then(Mono.fromSupplier(() -> List.of(outcomes)));
  }

  private static MessageDoc messageDoc(Delivery d) {
    return new MessageDoc(d.getConversationId(), d.getSeq(), d.getMessageId(), d.getClientMsgId(),
        d.getSenderId(), d.getContentType(), d.getBody(), d.getSentAt());
  }

  /** {@code $max} on lastMessage (seq first) and updatedAt: whatever order copies arrive in, the newest wins. */
  private static Bson lastMessageUpdate(MessageDoc m) {
    LastMessage last = new LastMessage(m.seq(), m.messageId(), m.senderId(), LastMessage.preview(m.body()), m.sentAt());
    return Updates.combine(
        Updates.max(LAST_MESSAGE, last.toDocument()),
        Updates.max(UPDATED_AT, Date.from(m.sentAt())));
  }

  private static CursorDoc toCursor(MemberCursor c) {
    return new CursorDoc(c.getDeliveredUpTo(), c.getReadUpTo());
  }
}
