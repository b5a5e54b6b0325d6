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
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.BulkWriteUpsert;
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
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bson.Document;
import org.bson.conversions.Bson;
import reactor.core.publisher.Flux;
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
  /** Lost compare-and-sets of one bulk of states retried at once, each on its own. */
  private static final int RETRY_CONCURRENCY = 8;
  private static final Bson STATE_FIELDS = Projections.include(LAST_SEQ, STATE_OFFSET, MEMBERS);

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
    return Mono.from(conversations.find(Filters.eq("_id", id)).projection(STATE_FIELDS).first())
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(stored -> {
          Optional<Decision> decided = new StateWrite(s, partition, offset).decide(stored.orElse(null));
          if (decided.isEmpty()) {
            return Mono.just(Outcome.STALE);
          }
          Decision decision = decided.get();
          // Joined members are indexed before the state that lists them, left ones after: never a miss.
          return memberships.add(id, decision.joined())
              .then(Mono.from(conversations.updateOne(decision.filter(), decision.update(), UPSERT)))
              .flatMap(r -> {
                Outcome outcome = r.getModifiedCount() > 0 || r.getUpsertedId() != null ? Outcome.APPLIED : Outcome.UNCHANGED;
                return memberships.remove(id, decision.left()).thenReturn(outcome);
              })
              .onErrorResume(DuplicateKey::is, e -> attemptsLeft > 1
                  ? applyState(s, partition, offset, attemptsLeft - 1)
                  : Mono.just(Outcome.STALE)); // lost the race every time: the others wrote newer states
        });
  }

  /** One delivery-state record to apply: the state, and where it came from (the guard's tie-breaker). */
  record StateWrite(DeliveryState state, int partition, long offset) {

    /**
     * The guarded write of this state over {@code stored} (its lastSeq, stateOffset and members, or
     * null when there is no document); empty when the stored state is newer (STALE).
     */
    Optional<Decision> decide(Document stored) {
      Long storedOffset = stored == null ? null
          : Optional.ofNullable(stored.get(STATE_OFFSET, Number.class)).map(Number::longValue).orElse(null);
      if (storedOffset != null) {
        long storedSeq = stored.get(LAST_SEQ, Number.class).longValue();
        if (storedSeq > state.getLastSeq() || (storedSeq == state.getLastSeq() && storedOffset > offset)) {
          return Optional.empty();
        }
      }
      Set<String> before = new TreeSet<>(stored == null || stored.getList(MEMBERS, String.class) == null
          ? List.of() : stored.getList(MEMBERS, String.class));
      Set<String> after = new TreeSet<>(state.getCursors().keySet());
      Set<String> joined = new TreeSet<>(after);
      joined.removeAll(before);
      Set<String> left = new TreeSet<>(before);
      left.removeAll(after);
      String id = state.getConversationId();
      return Optional.of(new Decision(Filters.and(Filters.eq("_id", id), Filters.eq(STATE_OFFSET, storedOffset)),
          stateUpdate(state, partition, offset), joined, left, storedOffset != null && storedOffset == offset));
    }
  }

  /**
   * A compare-and-set on the stored stateOffset, the members it adds to and removes from the index,
   * and whether it re-applies the very record stored (same offset of the one partition: the same
   * state, nothing to change).
   */
  private record Decision(Bson filter, Bson update, Set<String> joined, Set<String> left, boolean replay) {}

  /** A decided write of a batch: {@code index} into the batch's states (and outcomes). */
  private record Pending(int index, String conversationId, Decision decision) {}

  /**
   * {@link #applyState} for the newest state of each of a batch's conversations (one per
   * conversation): {@link #applyBatch} without messages. The outcome of {@code states.get(i)} is at
   * index i.
   */
  Mono<List<Outcome>> applyStates(List<StateWrite> states) {
    if (states.size() <= 1) {
      return Flux.fromIterable(states).concatMap(w -> applyState(w.state(), w.partition(), w.offset())).collectList();
    }
    return applyBatch(List.of(), states).map(BatchOutcomes::states);
  }

  /** Outcomes of {@link #applyBatch}: {@code messages.get(i)} is that of the i-th message, likewise states. */
  record BatchOutcomes(List<Outcome> messages, List<Outcome> states) {}

  /**
   * One conversation document write of a batch: a state's compare-and-set, a lastMessage move, or
   * both in one update ({@code state} or {@code move} null when absent).
   */
  private record ConversationWrite(UpdateOneModel<Document> model, Pending state, Delivery move) {}

  /**
   * A polled batch in three commands, however many conversations it touches: one unordered insert of
   * its messages (a duplicate key is a replay: UNCHANGED), one read of the stored (lastSeq,
   * stateOffset, members) of the conversations whose newest state it carries, then one unordered
   * bulk with one write per conversation: the state's compare-and-set ({@link StateWrite#decide})
   * with the conversation's newest message's lastMessage move folded in, or either alone. Messages
   * go first, so a state never names a seq whose message the batch carries but has not stored; each
   * acknowledged command is one commit of the embedded store, and folding the two writes of a
   * conversation into one halves the documents it rewrites.
   *
   * <p>A compare-and-set that lost its race (someone wrote meanwhile: its upsert hit the id, a
   * duplicate key) goes through {@link #applyState} on its own, with its retries, and its move is
   * retried on its own; a write MongoDB refuses for the document itself makes its state and its
   * message REJECTED. A move is {@code $max} on lastMessage (seq first) and updatedAt, so any order of
   * arrival ends with the newest; it is not folded into a state without messages (lastSeq 0), whose
   * update sets updatedAt itself.
   */
  Mono<BatchOutcomes> applyBatch(List<Delivery> ds, List<StateWrite> states) {
    Outcome[] messageOutcomes = new Outcome[ds.size()];
    Arrays.fill(messageOutcomes, Outcome.APPLIED);
    Outcome[] stateOutcomes = new Outcome[states.size()];
    List<Document> docs = new ArrayList<>(ds.size());
    Map<String, Delivery> newest = new LinkedHashMap<>();
    for (Delivery d : ds) {
      docs.add(messageDoc(d).toDocument());
      newest.merge(d.getConversationId(), d, (a, b) -> b.getSeq() > a.getSeq() ? b : a);
    }
    Mono<Void> insert = docs.isEmpty() ? Mono.empty()
        : Mono.from(messages.insertMany(docs, new InsertManyOptions().ordered(false))).then()
            .onErrorResume(MongoBulkWriteException.class, e -> {
              for (BulkWriteError error : e.getWriteErrors()) {
                messageOutcomes[error.getIndex()] =
                    error.getCategory() == ErrorCategory.DUPLICATE_KEY ? Outcome.UNCHANGED : Outcome.REJECTED;
              }
              return e.getWriteConcernError() == null ? Mono.empty() : Mono.error(e);
            });
    List<String> ids = states.stream().map(w -> w.state().getConversationId()).toList();
    Mono<Map<String, Document>> stored = ids.isEmpty() ? Mono.just(Map.of())
        : Flux.from(conversations.find(Filters.in("_id", ids)).projection(STATE_FIELDS))
            .collectMap(d -> d.getString("_id"));
    Mono<Void> all = insert.then(stored).flatMap(found -> {
      List<Pending> pending = new ArrayList<>();
      for (int i = 0; i < states.size(); i++) {
        int index = i;
        states.get(i).decide(found.get(ids.get(i))).ifPresentOrElse(
            d -> pending.add(new Pending(index, ids.get(index), d)),
            () -> stateOutcomes[index] = Outcome.STALE);
      }
      Map<String, Delivery> moves = new LinkedHashMap<>(newest);
      List<ConversationWrite> batch = new ArrayList<>();
      for (Pending p : pending) {
        Delivery move = states.get(p.index()).state().getLastSeq() > 0 ? moves.remove(p.conversationId()) : null;
        Bson update = move == null ? p.decision().update()
            : Updates.combine(p.decision().update(), lastMessageUpdate(messageDoc(move)));
        batch.add(new ConversationWrite(new UpdateOneModel<>(p.decision().filter(), update, UPSERT), p, move));
      }
      moves.values().forEach(move -> batch.add(new ConversationWrite(new UpdateOneModel<>(
          Filters.eq("_id", move.getConversationId()), lastMessageUpdate(messageDoc(move)), UPSERT), null, move)));
      if (batch.isEmpty()) {
        return Mono.empty();
      }
      List<Integer> lostRaces = new ArrayList<>();
      List<ConversationWrite> movesToRetry = new ArrayList<>();
      Mono<Void> joins = Flux.fromIterable(pending)
          .concatMap(p -> memberships.add(p.conversationId(), p.decision().joined())).then();
      Mono<Void> bulk = Mono.from(conversations.bulkWrite(batch.stream().map(ConversationWrite::model).toList(),
              new BulkWriteOptions().ordered(false)))
          .doOnNext(result -> settle(result, Set.of(), batch, stateOutcomes))
          .then()
          .onErrorResume(MongoBulkWriteException.class, e -> {
            if (e.getWriteConcernError() != null) {
              return Mono.error(e);
            }
            Set<Integer> failed = new HashSet<>();
            for (BulkWriteError error : e.getWriteErrors()) {
              failed.add(error.getIndex());
              ConversationWrite w = batch.get(error.getIndex());
              if (error.getCategory() == ErrorCategory.DUPLICATE_KEY) {
                if (w.state() != null) {
                  lostRaces.add(w.state().index());
                }
                if (w.move() != null) {
                  movesToRetry.add(w);
                }
              } else {
                if (w.state() != null) {
                  stateOutcomes[w.state().index()] = Outcome.REJECTED;
                }
                if (w.move() != null) {
                  messageOutcomes[ds.indexOf(w.move())] = Outcome.REJECTED;
                }
              }
            }
            settle(e.getWriteResult(), failed, batch, stateOutcomes);
            return Mono.empty();
          });
      Mono<Void> leaves = Flux.fromIterable(pending)
          .filter(p -> stateOutcomes[p.index()] == Outcome.APPLIED || stateOutcomes[p.index()] == Outcome.UNCHANGED)
          .concatMap(p -> memberships.remove(p.conversationId(), p.decision().left())).then();
      Mono<Void> stateRetries = Flux.defer(() -> Flux.fromIterable(lostRaces))
          .flatMap(i -> applyState(states.get(i).state(), states.get(i).partition(), states.get(i).offset())
              .onErrorResume(e -> e instanceof MongoWriteException && !DuplicateKey.is(e), e -> Mono.just(Outcome.REJECTED))
              .doOnNext(o -> stateOutcomes[i] = o), RETRY_CONCURRENCY)
          .then();
      // A lost upsert race of a move: the document exists now, so the move alone matches it.
      Mono<Void> moveRetries = Flux.defer(() -> Flux.fromIterable(movesToRetry))
          .flatMap(w -> Mono.from(conversations.updateOne(Filters.eq("_id", w.move().getConversationId()),
              lastMessageUpdate(messageDoc(w.move())), UPSERT)), RETRY_CONCURRENCY)
          .then();
      return joins.then(bulk).then(Mono.defer(() -> leaves)).then(stateRetries).then(moveRetries);
    });
    return all.then(Mono.fromSupplier(() -> new BatchOutcomes(List.of(messageOutcomes), Arrays.asList(stateOutcomes))));
  }

  /** Outcomes of the bulk's successful state writes (indexes into {@code batch} not in {@code failed}). */
  private static void settle(BulkWriteResult result, Set<Integer> failed, List<ConversationWrite> batch,
                             Outcome[] outcomes) {
    Set<Integer> upserted = new HashSet<>();
    for (BulkWriteUpsert u : result.getUpserts()) {
      upserted.add(u.getIndex());
    }
    for (int j = 0; j < batch.size(); j++) {
      Pending p = batch.get(j).state();
      if (p != null && !failed.contains(j)) {
        outcomes[p.index()] = p.decision().replay() && !upserted.contains(j) ? Outcome.UNCHANGED : Outcome.APPLIED;
      }
    }
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
   * {@link #applyMessage} for a whole batch: {@link #applyBatch} without states (one insert, one bulk
   * of lastMessage moves). The outcome of {@code ds.get(i)} is at index i.
   */
  Mono<List<Outcome>> applyMessages(List<Delivery> ds) {
    return ds.isEmpty() ? Mono.just(List.of()) : applyBatch(ds, List.of()).map(BatchOutcomes::messages);
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
