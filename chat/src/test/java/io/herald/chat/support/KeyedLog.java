package io.herald.chat.support;

import io.herald.schemas.topics.TopicSpec;
import io.herald.testkit.HeraldInfra;
import io.herald.testkit.KafkaProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * "Everything produced for this key since then": writes a marker with the same key (so to the same
 * partition, after anything already acknowledged) and reads up to it. Lets a test assert that an
 * action produced exactly N records, or none, without timing guesses.
 */
public final class KeyedLog {

  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final String topic;
  private final Map<Integer, Long> from;

  private KeyedLog(String topic, Map<Integer, Long> from) {
    this.topic = topic;
    this.from = from;
  }

  /** Remembers the topic's end offsets now. */
  public static KeyedLog mark(TopicSpec<String, ?> topic) {
    return new KeyedLog(topic.name(), KafkaProbe.infra().endOffsets(topic.name()));
  }

  /** A decoded record and its Kafka timestamp. */
  public record Entry<V>(long timestamp, V value) {}

  /** Values produced with {@code key} since {@link #mark}, decoded, in order. */
  public <V> List<V> valuesFor(TopicSpec<String, V> spec, String key) {
    return entriesFor(spec, key).stream().map(Entry::value).toList();
  }

  /** Records produced with {@code key} since {@link #mark}, decoded, in order. */
  public <V> List<Entry<V>> entriesFor(TopicSpec<String, V> spec, String key) {
    byte[] marker = ("marker-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    KafkaProbe.infra().sendRaw(topic, keyBytes, marker);
    List<Entry<V>> out = new ArrayList<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, HeraldInfra.kafkaBootstrapServers(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = from.keySet().stream().map(p -> new TopicPartition(topic, p)).toList();
      consumer.assign(partitions);
      partitions.forEach(tp -> consumer.seek(tp, from.get(tp.partition())));
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (!Arrays.equals(r.key(), keyBytes)) {
            continue;
          }
          if (Arrays.equals(r.value(), marker)) {
            return out;
          }
          out.add(new Entry<>(r.timestamp(), spec.valueSerde().deserializer().deserialize(topic, r.value())));
        }
      }
    }
    throw new AssertionError("marker for key " + key + " not seen on " + topic + " within " + TIMEOUT);
  }
}
