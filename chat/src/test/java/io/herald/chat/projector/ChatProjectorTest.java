package io.herald.chat.projector;

import static io.herald.chat.support.TestEvents.delivery;
import static io.herald.chat.support.TestEvents.group;
import static io.herald.chat.support.TestEvents.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.chat.readmodel.ChatCollections;
import io.herald.chat.readmodel.ConversationDoc;
import io.herald.chat.readmodel.ConversationReadModel;
import io.herald.chat.readmodel.MessageDoc;
import io.herald.testkit.Await;
import io.herald.testkit.TestMongo;
import io.herald.chat.support.TopicWriter;
import io.herald.schemas.dlq.DeadLetters;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.HeraldInfra;
import io.herald.testkit.KafkaProbe;
import io.herald.testkit.WithHeraldInfra;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The projector against the real broker: from topics to documents, DLQ, replay. */
@WithHeraldInfra
class ChatProjectorTest {

  private static final Instant T0 = Instant.parse("2026-02-01T09:00:00Z");
  private static final ProjectorSettings FAST = new ProjectorSettings(Duration.ofMillis(100), 500, 16,
      Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofSeconds(1));

  private static TestMongo mongo;
  private static MongoDatabase db;
  private static TopicWriter topics;
  private static String groupId;
  private static ChatProjector projector;
  private static ConversationReadModel readModel;

  @BeforeAll
  static void setUp() {
    mongo = new TestMongo();
    db = mongo.freshDatabase("projector");
    topics = new TopicWriter();
    groupId = "chat-projector-test-" + UUID.randomUUID();
    projector = newProjector(db, groupId);
    projector.start();
    readModel = new ConversationReadModel(db);
  }

  @AfterAll
  static void tearDown() {
    projector.close();
    topics.close();
    mongo.close();
  }

  @Test
  void buildsConversationsAndMessagesFromStateAndTheSendersCopies() {
    String c = id("g");
    String alice = id("alice");
    String bob = id("bob");
    topics.send(Topics.DELIVERY_STATE, c, group(c, "Team", alice, List.of(alice, bob), 0, T0));
    // Message 1 fanned out to both members; only alice's own copy is the message of record.
    topics.send(Topics.INBOX, alice, delivery(alice, c, 1, alice, "hello", T0.plusSeconds(1)));
    topics.send(Topics.INBOX, bob, delivery(bob, c, 1, alice, "hello", T0.plusSeconds(1)));
    // A recipient copy without a sender copy (never happens for real): shows recipient copies are not stored.
    topics.send(Topics.INBOX, bob, delivery(bob, c, 2, alice, "recipient copy only", T0.plusSeconds(2)));
    topics.send(Topics.DELIVERY_STATE, c, group(c, "Team", alice, List.of(alice, bob), 1, T0.plusSeconds(1)));

    awaitCommitted(groupId, endOffsets());

    ConversationDoc doc = readModel.findConversation(c).block();
    assertThat(doc.name()).isEqualTo("Team");
    assertThat(doc.admins()).containsExactly(alice);
    assertThat(doc.members()).containsExactlyInAnyOrder(alice, bob);
    assertThat(doc.lastSeq()).isEqualTo(1);
    assertThat(doc.lastMessage().seq()).isEqualTo(1);
    assertThat(doc.lastMessage().senderId()).isEqualTo(alice);
    assertThat(doc.lastMessage().preview()).isEqualTo("hello");
    assertThat(readModel.messagesAfter(c, 0, 10).collectList().block())
        .extracting(MessageDoc::seq, MessageDoc::body).containsExactly(tuple(1L, "hello"));
    assertThat(projector.counters().ignored()).isPositive();
  }

  @Test
  void anOlderStateOnTheTopicDoesNotOverwriteTheNewerOne() {
    String c = id("g");
    topics.send(Topics.DELIVERY_STATE, c, group(c, "Newer", "a", List.of("a", "b"), 4, T0.plusSeconds(4)));
    // e.g. a zombie topology instance or a manual re-publish of an old state
    topics.send(Topics.DELIVERY_STATE, c, group(c, "Older", "a", List.of("a"), 2, T0.plusSeconds(2)));
    awaitCommitted(groupId, endOffsets());

    ConversationDoc doc = readModel.findConversation(c).block();
    assertThat(doc.name()).isEqualTo("Newer");
    assertThat(doc.lastSeq()).isEqualTo(4);
    assertThat(doc.members()).containsExactly("a", "b");
    assertThat(projector.counters().stale()).isPositive();
  }

  @Test
  void aPoisonRecordGoesRawToTheDlqAndLaterRecordsAreApplied() {
    String c = id("g");
    String sender = id("s");
    Map<Integer, Long> dlqBefore = KafkaProbe.infra().endOffsets(Topics.INBOX.dlq());
    byte[] poison = ("not avro " + c).getBytes(StandardCharsets.UTF_8);
    topics.sendRaw(Topics.INBOX.name(), sender, poison);
    topics.send(Topics.INBOX, sender, delivery(sender, c, 1, sender, "after the poison", T0));

    Await.until("the message after the poison", () -> readModel.messagesAfter(c, 0, 1).collectList().block(),
        l -> !l.isEmpty());
    List<ConsumerRecord<byte[], byte[]>> dead = KafkaProbe.infra().readAfter(Topics.INBOX.dlq(), dlqBefore, 1,
        Duration.ofSeconds(10));
    ConsumerRecord<byte[], byte[]> ours = dead.stream().filter(r -> new String(r.value(), StandardCharsets.UTF_8)
        .equals("not avro " + c)).findFirst().orElseThrow();
    assertThat(ours.key()).isEqualTo(sender.getBytes(StandardCharsets.UTF_8));
    assertThat(new String(ours.headers().lastHeader(DeadLetters.H_TOPIC).value(), StandardCharsets.UTF_8))
        .isEqualTo(Topics.INBOX.name());
    assertThat(new String(ours.headers().lastHeader(DeadLetters.H_STAGE).value(), StandardCharsets.UTF_8))
        .isEqualTo("chat-projector:decode");
    assertThat(projector.counters().deadLettered()).isPositive();
  }

  @Test
  void replayingBothTopicsFromTheStartLeavesTheSameDocuments() throws Exception {
    String c = id("g");
    String a = id("a");
    String b = id("b");
    topics.send(Topics.DELIVERY_STATE, c, group(c, "Replay", a, List.of(a, b), 0, T0));
    topics.send(Topics.INBOX, a, delivery(a, c, 1, a, "one", T0.plusSeconds(1)));
    topics.send(Topics.INBOX, b, delivery(b, c, 1, a, "one", T0.plusSeconds(1)));
    // seq 3 (from b's partition) before seq 2 (from a's): lastMessage must still end at 3.
    topics.send(Topics.INBOX, b, delivery(b, c, 3, b, "three", T0.plusSeconds(3)));
    topics.send(Topics.INBOX, a, delivery(a, c, 2, a, "two", T0.plusSeconds(2)));
    topics.send(Topics.DELIVERY_STATE, c, group(c, "Replay", a, List.of(a, b), 3, T0.plusSeconds(3)));
    topics.send(Topics.DELIVERY_STATE, c, group(c, "Stale", a, List.of(a), 1, T0.plusSeconds(1)));
    Map<TopicPartition, Long> ends = endOffsets();
    awaitCommitted(groupId, ends);
    List<Document> before = snapshot(db, c);
    assertThat(before).hasSize(4);  // the conversation and its three messages

    // A second group over the same database (replay onto a built model) and a third into an empty one (rebuild).
    MongoDatabase rebuilt = mongo.freshDatabase("rebuild");
    String replayGroup = "chat-projector-replay-" + UUID.randomUUID();
    String rebuildGroup = "chat-projector-rebuild-" + UUID.randomUUID();
    try (ChatProjector replay = newProjector(db, replayGroup);
         ChatProjector rebuild = newProjector(rebuilt, rebuildGroup)) {
      replay.start();
      rebuild.start();
      awaitCommitted(replayGroup, ends);
      awaitCommitted(rebuildGroup, ends);
      assertThat(replay.counters().unchanged() + replay.counters().stale()).isPositive();
    }

    assertThat(snapshot(db, c)).isEqualTo(before);
    assertThat(snapshot(rebuilt, c)).isEqualTo(before);
    ConversationDoc doc = ConversationDoc.fromDocument(before.get(0));
    assertThat(doc.name()).isEqualTo("Replay");
    assertThat(doc.lastSeq()).isEqualTo(3);
    assertThat(doc.lastMessage().preview()).isEqualTo("three");
  }

  /**
   * The topology writes inbox in transactions: after a transaction's records comes its marker (a
   * control record, an offset of its own). A caught-up projector commits the end, past the marker;
   * one marker short, the gateways' stall watch took every idle partition for a stalled one.
   */
  @Test
  void committedOffsetsReachTheEndOfTransactionalPartitions() {
    String c = id("g");
    String a = id("a");
    String b = id("b");
    try (KafkaProducer<String, byte[]> tx = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, HeraldInfra.kafkaBootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "projector-test-" + UUID.randomUUID()),
        new StringSerializer(), new ByteArraySerializer())) {
      tx.initTransactions();
      tx.beginTransaction();
      tx.send(new ProducerRecord<>(Topics.INBOX.name(), a, Topics.INBOX.valueSerde().serializer()
          .serialize(Topics.INBOX.name(), delivery(a, c, 1, a, "in a transaction", T0))));
      tx.send(new ProducerRecord<>(Topics.INBOX.name(), b, Topics.INBOX.valueSerde().serializer()
          .serialize(Topics.INBOX.name(), delivery(b, c, 1, a, "in a transaction", T0))));
      tx.commitTransaction();
    }
    Map<TopicPartition, Long> ends = endOffsets(); // each written partition's end is past its marker
    awaitCommitted(groupId, ends);
    assertThat(TestMongo.all(db, ChatCollections.MESSAGES, new Document("conversationId", c))).hasSize(1);
  }

  private static ChatProjector newProjector(MongoDatabase target, String groupId) {
    Map<String, Object> config = new HashMap<>(HeraldInfra.adminConfig());
    config.put("group.id", groupId);
    return new ChatProjector(config, target, FAST);
  }

  private static Map<TopicPartition, Long> endOffsets() {
    Map<TopicPartition, Long> out = new HashMap<>();
    for (String topic : List.of(Topics.DELIVERY_STATE.name(), Topics.INBOX.name())) {
      KafkaProbe.infra().endOffsets(topic).forEach((p, o) -> out.put(new TopicPartition(topic, p), o));
    }
    return out;
  }

  /** The group has applied and committed everything up to {@code ends} (empty partitions need no commit). */
  private static void awaitCommitted(String groupId, Map<TopicPartition, Long> ends) {
    try (Admin admin = Admin.create(HeraldInfra.adminConfig())) {
      Await.until("group " + groupId + " committed up to " + ends, () -> {
        try {
          return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, committed -> ends.entrySet().stream().allMatch(e -> e.getValue() == 0
          || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue())));
    }
  }

  private static List<Document> snapshot(MongoDatabase target, String conversationId) {
    List<Document> out = new ArrayList<>(
        TestMongo.all(target, ChatCollections.CONVERSATIONS, new Document("_id", conversationId)));
    out.addAll(TestMongo.all(target, ChatCollections.MESSAGES, new Document("conversationId", conversationId)));
    return out;
  }

}
