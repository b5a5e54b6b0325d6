package io.herald.embedded.kafka;

import static io.herald.embedded.kafka.KafkaTestClients.createTopic;
import static io.herald.embedded.kafka.KafkaTestClients.readCommitted;
import static io.herald.embedded.kafka.KafkaTestClients.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void producesAndConsumesOnATemporaryBroker() throws Exception {
    Path dataDir;
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
      dataDir = kafka.dataDir();
      assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port());
      createTopic(kafka.bootstrapServers(), "smoke", 3);

      send(kafka.bootstrapServers(), "smoke", "k1", "hello");

      assertThat(readCommitted(kafka.bootstrapServers(), "smoke", 1, TIMEOUT))
          .extracting(ConsumerRecord::key, ConsumerRecord::value)
          .containsExactly(tuple("k1", "hello"));
    }
    assertThat(dataDir).as("temporary data directory is removed on close").doesNotExist();
  }

  @Test
  void restartOnTheSameDirectoryKeepsClusterTopicsAndRecords(@TempDir Path dir) throws Exception {
    try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().dataDir(dir).start();
         // A client that lives across the restart, as services do when the broker bounces.
         KafkaProducer<String, String> survivor = new KafkaProducer<>(
             Map.of("bootstrap.servers", first.bootstrapServers(), "acks", "all", "delivery.timeout.ms", "60000"),
             new StringSerializer(), new StringSerializer())) {
      String clusterId = first.clusterId();
      int port = first.port();
      createTopic(first.bootstrapServers(), "durable", 2);
      send(first.bootstrapServers(), "durable", "k", "before restart");
      survivor.send(new ProducerRecord<>("durable", "k", "before restart 2")).get(30, TimeUnit.SECONDS);
      first.close(); // idempotent: the try block's close is then a no-op
      assertThat(dir.resolve("meta.properties")).exists();

      // Same port, so that the old address keeps working for existing clients.
      try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().dataDir(dir).port(port).start()) {
        assertThat(kafka.clusterId()).isEqualTo(clusterId);
        assertThat(kafka.port()).isEqualTo(port);
        survivor.send(new ProducerRecord<>("durable", "k", "after restart")).get(60, TimeUnit.SECONDS);
        try (Admin admin = Admin.create(kafka.clientConfig())) {
          assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isEqualTo(clusterId);
          assertThat(admin.describeTopics(List.of("durable")).allTopicNames().get(30, TimeUnit.SECONDS)
              .get("durable").partitions()).hasSize(2);
        }
        // Same key, same partition: order is preserved across the restart.
        assertThat(readCommitted(kafka.bootstrapServers(), "durable", 3, TIMEOUT))
            .extracting(ConsumerRecord::value).containsExactly("before restart", "before restart 2", "after restart");
      }
    }
  }

  @Test
  void transactionalProducerCommitsAndAbortedRecordsStayInvisible() throws Exception {
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
      createTopic(kafka.bootstrapServers(), "tx", 1);
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(
          Map.of("bootstrap.servers", kafka.bootstrapServers(), "transactional.id", "embedded-test"),
          new StringSerializer(), new StringSerializer())) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("tx", "k", "aborted"));
        producer.abortTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("tx", "k", "committed"));
        producer.commitTransaction();
      }
      // read_committed: the aborted record and the transaction markers are skipped.
      assertThat(readCommitted(kafka.bootstrapServers(), "tx", 1, TIMEOUT))
          .extracting(ConsumerRecord::value).containsExactly("committed");
    }
  }

  @Test
  void extraPropertiesApplyAndTopicsAreNotAutoCreated() throws Exception {
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().brokerProperty("log.retention.hours", "5").start();
         Admin admin = Admin.create(kafka.clientConfig());
         KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka.clientConfig(),
             new StringDeserializer(), new StringDeserializer())) {
      ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
      assertThat(admin.describeConfigs(List.of(node)).all().get(30, TimeUnit.SECONDS).get(node)
          .get("log.retention.hours").value()).isEqualTo("5");

      // A metadata request for an unknown topic would create it if auto-creation were on.
      assertThat(consumer.partitionsFor("no-such-topic", Duration.ofSeconds(5))).isEmpty();
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain("no-such-topic");
    }
  }

  @Test
  void aSecondBrokerCannotOpenALockedDirectory(@TempDir Path dir) throws Exception {
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().dataDir(dir).start()) {
      assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().dataDir(dir).start())
          .hasStackTraceContaining("Failed to acquire lock");
      // The first broker is unharmed.
      createTopic(kafka.bootstrapServers(), "still-serving", 1);
    }
  }
}
