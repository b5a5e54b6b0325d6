package io.herald.testkit;

import io.herald.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Assertion helpers that look at a topic directly, as an independent consumer would: no consumer
 * group, all partitions assigned, {@code read_committed} (so output of exactly-once processors is
 * seen only once committed). Every read polls until enough records arrived or the deadline passes,
 * then fails with an {@link AssertionError} naming the topic and what did arrive.
 *
 * <pre>{@code
 * Map<Integer, Long> before = KafkaProbe.infra().endOffsets("inbox");
 * ... act ...
 * List<Delivery> out = KafkaProbe.infra().readValuesAfter(Topics.INBOX, before, 1, Duration.ofSeconds(10));
 * }</pre>
 */
public final class KafkaProbe {

  private final String bootstrapServers;

  private KafkaProbe(String bootstrapServers) {
    this.bootstrapServers = Objects.requireNonNull(bootstrapServers);
  }

  /** A probe on the shared {@link HeraldInfra} broker (starting it if needed). */
  public static KafkaProbe infra() {
    return new KafkaProbe(HeraldInfra.kafkaBootstrapServers());
  }

  /** A probe on any broker. */
  public static KafkaProbe on(String bootstrapServers) {
    return new KafkaProbe(bootstrapServers);
  }

  /** Records from the beginning of every partition; fails unless at least {@code atLeast} arrive in time. */
  public List<ConsumerRecord<byte[], byte[]>> read(String topic, int atLeast, Duration timeout) {
    return readAfter(topic, Map.of(), atLeast, timeout);
  }

  /**
   * Records at or after the given offset of each partition (partitions not in the map: from the
   * beginning). Pass {@link #endOffsets} taken before the action to see only what it produced.
   */
  public List<ConsumerRecord<byte[], byte[]>> readAfter(String topic, Map<Integer, Long> fromOffsets, int atLeast,
                                                        Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = partitions(consumer, topic, timeout);
      consumer.assign(partitions);
      for (TopicPartition tp : partitions) {
        Long from = fromOffsets.get(tp.partition());
        if (from == null) {
          consumer.seekToBeginning(List.of(tp));
        } else {
          consumer.seek(tp, from);
        }
      }
      List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
      while (out.size() < atLeast) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("expected at least " + atLeast + " record(s) on " + topic + " within " + timeout
              + " (from offsets " + fromOffsets + "), got " + out.size() + ": " + describe(out));
        }
        consumer.poll(Duration.ofNanos(Math.min(left, Duration.ofMillis(200).toNanos()))).forEach(out::add);
      }
      return out;
    }
  }

  /**
   * Every record now in the topic (up to each partition's last stable offset, since the probe reads
   * committed), for a test that must see all of it, however many there are, without waiting for more.
   */
  public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    Duration timeout = Duration.ofSeconds(30);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = partitions(consumer, topic, timeout);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end offsets " + end + " within " + timeout);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      return out;
    }
  }

  /** Decoded records from the beginning, with the catalog's serdes. */
  public <K, V> List<ConsumerRecord<K, V>> read(TopicSpec<K, V> spec, int atLeast, Duration timeout) {
    return decode(spec, read(spec.name(), atLeast, timeout));
  }

  /** Decoded records after the given offsets (see {@link #readAfter(String, Map, int, Duration)}). */
  public <K, V> List<ConsumerRecord<K, V>> readAfter(TopicSpec<K, V> spec, Map<Integer, Long> fromOffsets, int atLeast,
                                                     Duration timeout) {
    return decode(spec, readAfter(spec.name(), fromOffsets, atLeast, timeout));
  }

  /** Decoded values from the beginning. */
  public <K, V> List<V> readValues(TopicSpec<K, V> spec, int atLeast, Duration timeout) {
    return read(spec, atLeast, timeout).stream().map(ConsumerRecord::value).toList();
  }

  /** Decoded values after the given offsets. */
  public <K, V> List<V> readValuesAfter(TopicSpec<K, V> spec, Map<Integer, Long> fromOffsets, int atLeast,
                                        Duration timeout) {
    return readAfter(spec, fromOffsets, atLeast, timeout).stream().map(ConsumerRecord::value).toList();
  }

  /** The current end offset (next offset to be written) of each partition. */
  public Map<Integer, Long> endOffsets(String topic) {
    Duration timeout = Duration.ofSeconds(30);
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      Map<Integer, Long> out = new HashMap<>();
      consumer.endOffsets(partitions(consumer, topic, timeout), timeout)
          .forEach((tp, offset) -> out.put(tp.partition(), offset));
      return out;
    }
  }

  /** Sends raw bytes (e.g. a poison record) and waits for the broker's acknowledgement. */
  public RecordMetadata sendRaw(String topic, byte[] key, byte[] value) {
    return sendRaw(new ProducerRecord<>(topic, key, value));
  }

  /** Sends a raw record (with partition, headers or timestamp as the test needs) and waits for the ack. */
  public RecordMetadata sendRaw(ProducerRecord<byte[], byte[]> record) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      return producer.send(record).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted sending to " + record.topic(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot send to " + record.topic(), e);
    }
  }

  /** Encodes with the catalog's serdes and sends, waiting for the ack. */
  public <K, V> RecordMetadata send(TopicSpec<K, V> spec, K key, V value) {
    return sendRaw(spec.name(),
        key == null ? null : spec.keySerde().serializer().serialize(spec.name(), key),
        value == null ? null : spec.valueSerde().serializer().serialize(spec.name(), value));
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        // A probe must never create topics as a side effect.
        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, Duration timeout) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
    if (infos == null || infos.isEmpty()) {
      throw new AssertionError("topic " + topic + " does not exist");
    }
    return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }

  private static <K, V> List<ConsumerRecord<K, V>> decode(TopicSpec<K, V> spec,
                                                        List<ConsumerRecord<byte[], byte[]>> raw) {
    List<ConsumerRecord<K, V>> out = new ArrayList<>(raw.size());
    for (ConsumerRecord<byte[], byte[]> r : raw) {
      Headers headers = r.headers();
      K key = r.key() == null ? null : spec.keySerde().deserializer().deserialize(r.topic(), headers, r.key());
      V value = r.value() == null ? null : spec.valueSerde().deserializer().deserialize(r.topic(), headers, r.value());
      out.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
          r.serializedKeySize(), r.serializedValueSize(), key, value, headers, r.leaderEpoch()));
    }
    return out;
  }

  private static String describe(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().limit(10)
        .map(r -> r.partition() + "@" + r.offset() + (r.key() == null ? "" : " key=" + new String(r.key(),
            java.nio.charset.StandardCharsets.UTF_8)))
        .toList() + (records.size() > 10 ? " …" : "");
  }
}
