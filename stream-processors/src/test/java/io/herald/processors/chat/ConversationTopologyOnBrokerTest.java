package io.herald.processors.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.embedded.kafka.EmbeddedKafkaBroker;
import io.herald.events.ConversationCreated;
import io.herald.events.ConversationEvent;
import io.herald.events.ConversationKind;
import io.herald.events.Delivery;
import io.herald.events.MessageSent;
import io.herald.processors.dlq.DeadLetterDeserializationHandler;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * What TopologyTestDriver cannot show: on a real broker under exactly_once_v2, a poison record
 * that is the last on its partition still reaches the DLQ (read_committed), and an instance
 * starting on an empty state dir restores sequence numbers and send dedup from the changelogs.
 */
class ConversationTopologyOnBrokerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void dlqUnderEosAndRestoreFromChangelogs() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      String bootstrap = broker.bootstrapServers();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        admin.createTopics(List.of(Topics.CONVERSATIONS.newTopic(3, (short) 1), Topics.RECEIPTS.newTopic(3, (short) 1),
            Topics.INBOX.newTopic(3, (short) 1), Topics.DELIVERY_STATE.newTopic(3, (short) 1),
            Topics.CONVERSATIONS.newDlqTopic(3, (short) 1))).all().get();
      }
      Properties pp = new Properties();
      pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      try (KafkaProducer<String, ConversationEvent> events = new KafkaProducer<>(pp, new StringSerializer(),
               Topics.CONVERSATIONS.valueSerde().serializer());
           KafkaProducer<String, byte[]> raw = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer())) {

        KafkaStreams first = start(bootstrap);
        events.send(record(event("a", new ConversationCreated(ConversationKind.GROUP, "team", List.of("a", "b"),
            List.of("a"))))).get();
        events.send(record(message("a", "c1"))).get();
        byte[] poison = "poison".getBytes(StandardCharsets.UTF_8);
        raw.send(new ProducerRecord<>(Topics.CONVERSATIONS.name(), "g1", poison)).get(); // last on its partition

        List<ConsumerRecord<byte[], byte[]>> dead = readUntil(bootstrap, Topics.CONVERSATIONS.dlq(), r -> r.size() >= 1);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo(poison);

        events.send(record(message("b", "c2"))).get();
        assertThat(seqsTo(readUntil(bootstrap, Topics.INBOX.name(), r -> r.size() >= 4), "a")).containsExactly(1L, 2L);
        first.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(WAIT));

        KafkaStreams second = start(bootstrap); // fresh state dir: everything comes from the changelogs
        events.send(record(message("a", "c3"))).get();
        events.send(record(message("a", "c3"))).get(); // a retry, remembered across the restart
        events.send(record(message("b", "c4"))).get();
        List<ConsumerRecord<byte[], byte[]>> inbox = readUntil(bootstrap, Topics.INBOX.name(), r -> r.size() >= 8);
        assertThat(seqsTo(inbox, "a")).containsExactly(1L, 2L, 3L, 4L);
        assertThat(seqsTo(inbox, "b")).containsExactly(1L, 2L, 3L, 4L);
        second.close(WAIT);
      }
    }
  }

  private static KafkaStreams start(String bootstrap) throws Exception {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "chat-it");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.putAll(ConversationTopology.requiredConfig());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("chat-it").toString());
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
    KafkaStreams streams = new KafkaStreams(ConversationTopology.build(), p);
    streams.start();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
    return streams;
  }

  private static ProducerRecord<String, ConversationEvent> record(ConversationEvent event) {
    return new ProducerRecord<>(Topics.CONVERSATIONS.name(), event.getConversationId(), event);
  }

  private static ConversationEvent event(String actor, Object payload) {
    return new ConversationEvent(UUID.randomUUID(), Instant.now(), "g1", actor, payload);
  }

  private static ConversationEvent message(String sender, String clientMsgId) {
    return event(sender, new MessageSent("m-" + clientMsgId, clientMsgId, null, "text/plain", "hi"));
  }

  /** Reads the topic from the start, read_committed, until the condition holds or WAIT passes; then 1 s more. */
  private static List<ConsumerRecord<byte[], byte[]>> readUntil(String bootstrap, String topic,
                                                               Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!done.test(out) && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(100)).forEach(out::add);
      }
      long settle = System.nanoTime() + Duration.ofSeconds(1).toNanos(); // catch anything extra (duplicates)
      while (System.nanoTime() < settle) {
        c.poll(Duration.ofMillis(100)).forEach(out::add);
      }
    }
    return out;
  }

  private static List<Long> seqsTo(List<ConsumerRecord<byte[], byte[]>> inbox, String recipient) {
    return inbox.stream().map(r -> Topics.INBOX.valueSerde().deserializer().deserialize(Topics.INBOX.name(), r.value()))
        .filter(d -> d.getRecipientId().equals(recipient)).map(Delivery::getSeq).toList();
  }
}
