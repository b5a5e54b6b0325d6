package io.herald.chat.projector;

import static io.herald.chat.support.TestEvents.delivery;
import static io.herald.chat.support.TestEvents.group;
import static io.herald.chat.support.TestEvents.id;
import static io.herald.chat.support.TestEvents.state;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.chat.readmodel.ChatCollections;
import io.herald.chat.readmodel.ConversationDoc;
import io.herald.chat.readmodel.ConversationReadModel;
import io.herald.chat.readmodel.CursorDoc;
import io.herald.testkit.TestMongo;
import io.herald.events.ConversationKind;
import io.herald.events.Delivery;
import io.herald.testkit.HeraldInfra;
import io.herald.testkit.WithHeraldInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The projector's writes on their own: guards, idempotency, order independence. */
@WithHeraldInfra
class ProjectorWritesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static TestMongo mongo;
  private static MongoDatabase db;
  private static ProjectorWrites writes;
  private static ConversationReadModel readModel;

  @BeforeAll
  static void setUp() {
    mongo = new TestMongo();
    db = mongo.freshDatabase("writes");
    ChatCollections.ensureIndexes(db).block(TIMEOUT);
    writes = new ProjectorWrites(db);
    readModel = new ConversationReadModel(db);
  }

  @AfterAll
  static void tearDown() {
    mongo.close();
  }

  @Test
  void anOlderStateDoesNotOverwriteANewerOne() {
    String c = id("g");
    assertThat(writes.applyState(group(c, "New", "a", List.of("a", "b", "c"), 5, T0.plusSeconds(5)), 0, 50).block(TIMEOUT))
        .isEqualTo(Outcome.APPLIED);

    // Lower lastSeq, even from a later offset (e.g. a zombie instance), and same lastSeq from an earlier offset.
    assertThat(writes.applyState(group(c, "Old", "a", List.of("a"), 3, T0.plusSeconds(9)), 0, 60).block(TIMEOUT))
        .isEqualTo(Outcome.STALE);
    assertThat(writes.applyState(group(c, "Older", "a", List.of("a"), 5, T0), 0, 40).block(TIMEOUT))
        .isEqualTo(Outcome.STALE);

    ConversationDoc doc = readModel.findConversation(c).block();
    assertThat(doc.name()).isEqualTo("New");
    assertThat(doc.members()).containsExactly("a", "b", "c");
    assertThat(doc.lastSeq()).isEqualTo(5);
  }

  @Test
  void concurrentStatesOfOneConversationEndWithTheNewestWhateverTheInterleaving() {
    // Two projector instances during a rebalance, or a replay racing live records: every write is a
    // compare-and-set on the stored offset, so the newest state wins and none is half-applied.
    String c = id("g");
    List<Integer> seqs = new java.util.ArrayList<>(java.util.stream.IntStream.rangeClosed(1, 40).boxed().toList());
    java.util.Collections.shuffle(seqs, new java.util.Random(7));
    List<Outcome> outcomes = reactor.core.publisher.Flux.fromIterable(seqs)
        .flatMap(n -> writes.applyState(group(c, "G" + n, "a", List.of("a", "m" + n), n, T0.plusSeconds(n)), 0, 100 + n),
            16)
        .collectList().block(TIMEOUT);

    assertThat(outcomes).hasSize(40).contains(Outcome.APPLIED);
    ConversationDoc doc = readModel.findConversation(c).block();
    assertThat(doc.lastSeq()).isEqualTo(40);
    assertThat(doc.name()).isEqualTo("G40");
    assertThat(doc.members()).containsExactly("a", "m40");
  }

  @Test
  void aNewerStateWithTheSameLastSeqReplacesCursorsAndMembers() {
    String c = id("g");
    writes.applyState(state(c, ConversationKind.GROUP, "G", List.of("a"), 4,
        Map.of("a", new long[] {4, 4}, "b", new long[] {2, 1}), T0), 0, 10).block(TIMEOUT);

    // A receipt moved b's cursors and c joined: same lastSeq, later offset.
    assertThat(writes.applyState(state(c, ConversationKind.GROUP, "G", List.of("a"), 4,
        Map.of("a", new long[] {4, 4}, "b", new long[] {4, 3}, "c", new long[] {0, 0}), T0.plusSeconds(1)), 0, 11)
        .block(TIMEOUT)).isEqualTo(Outcome.APPLIED);
    // Re-applying the very record stored (a redelivery) is allowed and changes nothing.
    assertThat(writes.applyState(state(c, ConversationKind.GROUP, "G", List.of("a"), 4,
        Map.of("a", new long[] {4, 4}, "b", new long[] {4, 3}, "c", new long[] {0, 0}), T0.plusSeconds(1)), 0, 11)
        .block(TIMEOUT)).isEqualTo(Outcome.UNCHANGED);

    ConversationDoc doc = readModel.findConversation(c).block();
    assertThat(doc.members()).containsExactly("a", "b", "c");
    assertThat(doc.cursorOf("b")).isEqualTo(new CursorDoc(4, 3));
    assertThat(doc.unreadFor("b")).isEqualTo(1);
  }

  @Test
  void aBulkOfStatesKeepsEveryGuardOfTheSingleWrite() {
    String older = id("g");
    String fresh = id("g");
    String moved = id("g");
    String replayed = id("g");
    String onlyMessage = id("g");
    writes.applyState(group(older, "Newer", "a", List.of("a", "b"), 5, T0), 0, 50).block(TIMEOUT);
    writes.applyState(group(moved, "Before", "a", List.of("a", "gone"), 3, T0), 1, 30).block(TIMEOUT);
    writes.applyState(group(replayed, "Same", "a", List.of("a"), 2, T0), 2, 20).block(TIMEOUT);
    writes.applyMessage(delivery("a", onlyMessage, 1, "a", "first", T0)).block(TIMEOUT); // a document without a state

    List<Outcome> outcomes = writes.applyStates(List.of(
        new ProjectorWrites.StateWrite(group(older, "Older", "a", List.of("a"), 4, T0), 0, 60),
        new ProjectorWrites.StateWrite(group(fresh, "Fresh", "f", List.of("f", "g"), 0, T0), 3, 5),
        new ProjectorWrites.StateWrite(group(moved, "After", "a", List.of("a", "new"), 4, T0.plusSeconds(1)), 1, 31),
        new ProjectorWrites.StateWrite(group(replayed, "Same", "a", List.of("a"), 2, T0), 2, 20),
        new ProjectorWrites.StateWrite(group(onlyMessage, "Late", "a", List.of("a", "b"), 1, T0), 0, 70)))
        .block(TIMEOUT);

    assertThat(outcomes).containsExactly(Outcome.STALE, Outcome.APPLIED, Outcome.APPLIED, Outcome.UNCHANGED, Outcome.APPLIED);
    assertThat(readModel.findConversation(older).block().name()).isEqualTo("Newer");
    assertThat(readModel.findConversation(fresh).block().members()).containsExactly("f", "g");
    ConversationDoc after = readModel.findConversation(moved).block();
    assertThat(after.name()).isEqualTo("After");
    assertThat(after.members()).containsExactly("a", "new");
    ConversationDoc late = readModel.findConversation(onlyMessage).block();
    assertThat(late.name()).isEqualTo("Late");
    assertThat(late.lastMessage().preview()).isEqualTo("first");
    // the members' index follows: joined members find the conversation, the member who left does not
    assertThat(readModel.conversationsOf("new").map(p -> p.conversationId()).collectList().block()).contains(moved);
    assertThat(readModel.conversationsOf("gone").map(p -> p.conversationId()).collectList().block()).doesNotContain(moved);
    assertThat(readModel.conversationsOf("g").map(p -> p.conversationId()).collectList().block()).contains(fresh);
  }

  @Test
  void bulksRacingEachOtherAndSingleWritesEndWithEachConversationsNewestState() {
    // Two projector instances during a rebalance: a bulk's compare-and-set that loses (another
    // writer's state landed between its read and its write) is retried on its own, so each
    // conversation ends with its newest state whatever the interleaving.
    List<String> cs = List.of(id("g"), id("g"), id("g"), id("g"));
    List<ProjectorWrites.StateWrite> all = new java.util.ArrayList<>();
    for (int n = 1; n <= 20; n++) {
      for (String c : cs) {
        all.add(new ProjectorWrites.StateWrite(group(c, "G" + n, "a", List.of("a", "m" + n), n, T0.plusSeconds(n)), 0, 100 + n));
      }
    }
    java.util.Collections.shuffle(all, new java.util.Random(11));
    List<List<ProjectorWrites.StateWrite>> bulks = new java.util.ArrayList<>();
    for (int i = 0; i < all.size(); i += 4) {
      bulks.add(all.subList(i, Math.min(all.size(), i + 4)).stream()
          .collect(java.util.stream.Collectors.toMap(w -> w.state().getConversationId(), w -> w, (a, b) -> a,
              java.util.LinkedHashMap::new)).values().stream().toList()); // one state per conversation, as a batch's newest
    }
    List<Outcome> outcomes = reactor.core.publisher.Flux.fromIterable(bulks)
        .flatMap(bulk -> bulk.size() % 2 == 0 ? writes.applyStates(bulk).flatMapIterable(o -> o)
            : reactor.core.publisher.Flux.fromIterable(bulk).flatMap(w -> writes.applyState(w.state(), w.partition(), w.offset())), 8)
        .collectList().block(TIMEOUT);

    assertThat(outcomes).contains(Outcome.APPLIED).doesNotContain(Outcome.REJECTED);
    for (String c : cs) {
      ConversationDoc doc = readModel.findConversation(c).block();
      assertThat(doc.lastSeq()).as(c).isEqualTo(20);
      assertThat(doc.name()).isEqualTo("G20");
      assertThat(doc.members()).containsExactly("a", "m20");
    }
  }

  @Test
  void messagesAreInsertOnlyAndTheNewestBecomesLastMessageInAnyArrivalOrder() {
    String c = id("g");
    Delivery m1 = delivery("a", c, 1, "a", "one", T0.plusSeconds(1));
    Delivery m2 = delivery("b", c, 2, "b", "two", T0.plusSeconds(2));
    Delivery m3 = delivery("a", c, 3, "a", "three", T0.plusSeconds(3));

    // Different senders' copies come from different inbox partitions: 3 may land before 2.
    assertThat(writes.applyMessage(m1).block(TIMEOUT)).isEqualTo(Outcome.APPLIED);
    assertThat(writes.applyMessage(m3).block(TIMEOUT)).isEqualTo(Outcome.APPLIED);
    assertThat(writes.applyMessage(m2).block(TIMEOUT)).isEqualTo(Outcome.APPLIED);
    Delivery changedReplay = Delivery.newBuilder(m2).setBody("tampered").build();
    assertThat(writes.applyMessage(changedReplay).block(TIMEOUT)).isEqualTo(Outcome.UNCHANGED);
    writes.applyState(group(c, "G", "a", List.of("a", "b"), 3, T0.plusSeconds(3)), 0, 1).block(TIMEOUT);

    ConversationDoc doc = readModel.findConversation(c).block();
    assertThat(doc.lastMessage().seq()).isEqualTo(3);
    assertThat(doc.lastMessage().preview()).isEqualTo("three");
    assertThat(doc.updatedAt()).isEqualTo(T0.plusSeconds(3));
    assertThat(readModel.messagesAfter(c, 0, 10).collectList().block())
        .extracting(m -> m.seq() + ":" + m.body()).containsExactly("1:one", "2:two", "3:three");
  }

  @Test
  void aBatchOfMessagesIsStoredInBulkReplaysAreUnchangedAndEachConversationGetsItsNewest() {
    String c = id("g");
    String d = id("dm");
    Delivery c1 = delivery("a", c, 1, "a", "one", T0.plusSeconds(1));
    Delivery c3 = delivery("a", c, 3, "a", "three", T0.plusSeconds(3));
    Delivery c2 = delivery("b", c, 2, "b", "two", T0.plusSeconds(2));
    Delivery d1 = delivery("x", d, 1, "x", "hello", T0.plusSeconds(4));
    assertThat(writes.applyMessage(c1).block(TIMEOUT)).isEqualTo(Outcome.APPLIED);

    // c1 again (a replay), 3 before 2, another conversation, and 3 twice within the batch
    assertThat(writes.applyMessages(List.of(c1, c3, d1, c2, Delivery.newBuilder(c3).setBody("tampered").build()))
        .block(TIMEOUT))
        .containsExactly(Outcome.UNCHANGED, Outcome.APPLIED, Outcome.APPLIED, Outcome.APPLIED, Outcome.UNCHANGED);
    writes.applyState(group(c, "G", "a", List.of("a", "b"), 3, T0.plusSeconds(3)), 0, 1).block(TIMEOUT);
    writes.applyState(group(d, "D", "x", List.of("x", "y"), 1, T0.plusSeconds(4)), 0, 2).block(TIMEOUT);

    assertThat(readModel.messagesAfter(c, 0, 10).collectList().block())
        .extracting(m -> m.seq() + ":" + m.body()).containsExactly("1:one", "2:two", "3:three");
    ConversationDoc group = readModel.findConversation(c).block();
    assertThat(group.lastMessage().seq()).isEqualTo(3);
    assertThat(group.updatedAt()).isEqualTo(T0.plusSeconds(3));
    assertThat(readModel.findConversation(d).block().lastMessage().preview()).isEqualTo("hello");
    // an older batch arriving late moves nothing back
    assertThat(writes.applyMessages(List.of(c2)).block(TIMEOUT)).containsExactly(Outcome.UNCHANGED);
    assertThat(readModel.findConversation(c).block().lastMessage().seq()).isEqualTo(3);
  }

  @Test
  void aBatchWritesEachConversationOnceWithItsNewestStateAndNewestMessage() {
    String both = id("g");
    String staleState = id("g");
    String onlyState = id("g");
    String onlyMessage = id("g");
    String fresh = id("g");
    writes.applyState(group(staleState, "Newer", "a", List.of("a", "b"), 9, T0), 0, 90).block(TIMEOUT);
    List<String> commands = new CopyOnWriteArrayList<>();
    CommandListener listener = new CommandListener() {
      @Override
      public void commandStarted(CommandStartedEvent event) {
        org.bson.BsonValue collection = event.getCommand().get(event.getCommandName());
        if (collection != null && collection.isString()) {
          commands.add(event.getCommandName() + ":" + collection.asString().getValue());
        }
      }
    };
    try (MongoClient counted = MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(HeraldInfra.mongoUri())).addCommandListener(listener).build())) {
      ProjectorWrites countedWrites = new ProjectorWrites(counted.getDatabase(db.getName()));

      ProjectorWrites.BatchOutcomes outcomes = countedWrites.applyBatch(
          List.of(delivery("a", both, 2, "a", "two", T0.plusSeconds(2)), delivery("b", both, 1, "b", "one", T0.plusSeconds(1)),
              delivery("a", staleState, 3, "a", "late", T0.plusSeconds(3)),
              delivery("a", onlyMessage, 1, "a", "solo", T0.plusSeconds(4)),
              delivery("f", fresh, 1, "f", "hi", T0.plusSeconds(5))),
          List.of(new ProjectorWrites.StateWrite(group(both, "Both", "a", List.of("a", "b"), 2, T0.plusSeconds(2)), 0, 10),
              new ProjectorWrites.StateWrite(group(staleState, "Older", "a", List.of("a"), 3, T0), 0, 30),
              new ProjectorWrites.StateWrite(group(onlyState, "Only", "a", List.of("a", "c"), 0, T0), 1, 5),
              // no message yet in this state (it sets updatedAt itself): its conversation's move stays apart
              new ProjectorWrites.StateWrite(group(fresh, "Fresh", "f", List.of("f", "g"), 0, T0), 2, 7)))
          .block(TIMEOUT);

      assertThat(outcomes.messages()).containsOnly(Outcome.APPLIED);
      assertThat(outcomes.states()).containsExactly(Outcome.APPLIED, Outcome.STALE, Outcome.APPLIED, Outcome.APPLIED);
      // messages, then one read of the states' documents, then one bulk: one write per conversation
      assertThat(commands.stream().filter(c -> c.endsWith(":" + ChatCollections.MESSAGES)
          || c.endsWith(":" + ChatCollections.CONVERSATIONS)).toList()).containsExactly(
          "insert:" + ChatCollections.MESSAGES, "find:" + ChatCollections.CONVERSATIONS,
          "update:" + ChatCollections.CONVERSATIONS);
    }
    ConversationDoc bothDoc = readModel.findConversation(both).block(TIMEOUT);
    assertThat(bothDoc.name()).isEqualTo("Both");
    assertThat(bothDoc.lastSeq()).isEqualTo(2);
    assertThat(bothDoc.lastMessage().preview()).isEqualTo("two");
    assertThat(bothDoc.updatedAt()).isEqualTo(T0.plusSeconds(2));
    ConversationDoc kept = readModel.findConversation(staleState).block(TIMEOUT);
    assertThat(kept.name()).isEqualTo("Newer"); // the stored state is newer
    assertThat(kept.lastMessage().preview()).isEqualTo("late"); // but the message still moves lastMessage
    ConversationDoc only = readModel.findConversation(onlyState).block(TIMEOUT);
    assertThat(only.members()).containsExactly("a", "c");
    assertThat(only.lastMessage()).isNull();
    assertThat(TestMongo.all(db, ChatCollections.CONVERSATIONS, new Document("_id", onlyMessage)).get(0)
        .get("lastMessage", Document.class).getString("preview")).isEqualTo("solo"); // no state: raw document
    ConversationDoc freshDoc = readModel.findConversation(fresh).block(TIMEOUT);
    assertThat(freshDoc.name()).isEqualTo("Fresh");
    assertThat(freshDoc.lastMessage().preview()).isEqualTo("hi");
    assertThat(freshDoc.updatedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(readModel.conversationsOf("c").map(p -> p.conversationId()).collectList().block(TIMEOUT)).contains(onlyState);
  }

  @Test
  void aMessageArrivingBeforeItsConversationStateKeepsBoth() {
    String c = id("g");
    writes.applyMessage(delivery("a", c, 1, "a", "early", T0.plusSeconds(1))).block(TIMEOUT);
    writes.applyState(group(c, "Late state", "a", List.of("a", "b"), 1, T0.plusSeconds(1)), 0, 7).block(TIMEOUT);

    ConversationDoc doc = readModel.findConversation(c).block();
    assertThat(doc.name()).isEqualTo("Late state");
    assertThat(doc.lastMessage().preview()).isEqualTo("early");
  }

  @Test
  void aLongBodyIsCutToThePreviewLength() {
    String c = id("g");
    writes.applyMessage(delivery("a", c, 1, "a", "x".repeat(500), T0)).block(TIMEOUT);

    Document stored = TestMongo.all(db, ChatCollections.CONVERSATIONS, new Document("_id", c)).get(0);
    assertThat(stored.get("lastMessage", Document.class).getString("preview")).hasSize(140);
  }

  @Test
  void aTombstoneRemovesTheConversation() {
    String c = id("g");
    writes.applyState(group(c, "Gone", "a", List.of("a"), 0, T0), 0, 1).block(TIMEOUT);

    assertThat(writes.deleteState(c).block(TIMEOUT)).isEqualTo(Outcome.APPLIED);
    assertThat(readModel.findConversation(c).blockOptional()).isEmpty();
  }
}
