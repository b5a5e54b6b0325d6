package io.herald.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.herald.events.GatewayHeartbeat;
import io.herald.schemas.topics.TopicSpec;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;

@WithHeraldInfra
class HeraldInfraTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @Test
  void everyCatalogTopicAndItsDlqExistsWithTheTestPartitionCount() throws Exception {
    List<String> expected = new ArrayList<>();
    for (TopicSpec<String, ?> t : Topics.ALL) {
      expected.add(t.name());
      expected.add(t.dlq());
    }
    try (Admin admin = Admin.create(HeraldInfra.adminConfig())) {
      Map<String, TopicDescription> topics = admin.describeTopics(expected).allTopicNames().get(30, TimeUnit.SECONDS);
      assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(topics.values()).allSatisfy(d ->
          assertThat(d.partitions()).as(d.name()).hasSize(HeraldInfra.partitions()));
    }
  }

  @Test
  void rawRecordsRoundTripAndReadAfterSkipsOlderOnes() {
    KafkaProbe probe = KafkaProbe.infra();
    String topic = Topics.SHOP_MESSAGES.dlq();
    probe.sendRaw(topic, bytes("older"), bytes("not wanted"));
    Map<Integer, Long> before = probe.endOffsets(topic);

    String key = "shop-" + UUID.randomUUID();
    probe.sendRaw(topic, bytes(key), new byte[] {0x00, 0x01, (byte) 0xff}); // not Avro: a poison record

    List<ConsumerRecord<byte[], byte[]>> got = probe.readAfter(topic, before, 1, TIMEOUT);
    assertThat(got).singleElement().satisfies(r -> {
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(key);
      assertThat(r.value()).containsExactly(0x00, 0x01, 0xff);
    });
    assertThat(probe.read(topic, 2, TIMEOUT)).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void typedRecordsAreDecodedWithTheCatalogSerdes() {
    KafkaProbe probe = KafkaProbe.infra();
    Map<Integer, Long> before = probe.endOffsets(Topics.GATEWAY_LIVENESS.name());
    String gateway = "gw-" + UUID.randomUUID();
    GatewayHeartbeat beat = GatewayHeartbeat.newBuilder().setEventId(UUID.randomUUID())
        .setOccurredAt(Instant.ofEpochMilli(System.currentTimeMillis())).setGatewayId(gateway)
        .setIntervalMs(5_000).setSessionCount(2).build();

    probe.send(Topics.GATEWAY_LIVENESS, gateway, beat);

    List<ConsumerRecord<String, GatewayHeartbeat>> got = probe.readAfter(Topics.GATEWAY_LIVENESS, before, 1, TIMEOUT);
    assertThat(got).singleElement().satisfies(r -> {
      assertThat(r.key()).isEqualTo(gateway);
      assertThat(r.value()).isEqualTo(beat);
    });
    assertThat(probe.readValuesAfter(Topics.GATEWAY_LIVENESS, before, 1, TIMEOUT)).containsExactly(beat);
  }

  @Test
  void aReadThatGetsTooFewRecordsFailsWithWhatItSaw() {
    KafkaProbe probe = KafkaProbe.infra();
    String topic = Topics.RECEIPTS.dlq();
    Map<Integer, Long> before = probe.endOffsets(topic);
    assertThatThrownBy(() -> probe.readAfter(topic, before, 1, Duration.ofMillis(300)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected at least 1 record(s) on " + topic);
    assertThatThrownBy(() -> probe.read("not-in-the-catalog", 1, Duration.ofSeconds(2)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("does not exist");
  }

  @Test
  void mongoIsReachable() {
    assertThat(HeraldInfra.mongoUri()).matches("mongodb://127\\.0\\.0\\.1:\\d+");
    try (MongoClient client = MongoClients.create(HeraldInfra.mongoUri())) {
      var c = client.getDatabase("herald-infra-test").getCollection("docs");
      String id = UUID.randomUUID().toString();
      c.insertOne(new Document("_id", id).append("ok", true));
      assertThat(c.find(new Document("_id", id)).first()).containsEntry("ok", true);
    }
  }

  @Test
  void concurrentCallersShareOneInstance() throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 8; i++) {
      Thread t = new Thread(() -> seen.add(HeraldInfra.kafkaBootstrapServers() + " " + HeraldInfra.mongoUri()));
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertThat(seen).hasSize(8).containsOnly(HeraldInfra.kafkaBootstrapServers() + " " + HeraldInfra.mongoUri());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
