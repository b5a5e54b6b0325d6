package io.herald.gateway.presence;

import io.herald.schemas.topics.TopicSpec;
import io.herald.testkit.HeraldInfra;
import io.herald.testkit.KafkaProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one catalog topic from offsets taken before the action (the broker is shared by every test
 * of the JVM), decoding values and keeping those a predicate selects. Every wait has a deadline.
 */
final class TopicLog<V> implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(15);

  private final TopicSpec<String, V> spec;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<V> seen = new ArrayList<>();

  /** Positioned at the current end: sees what is written from now on. */
  TopicLog(TopicSpec<String, V> spec) {
    this.spec = spec;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, HeraldInfra.kafkaBootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    Map<Integer, Long> end = KafkaProbe.infra().endOffsets(spec.name());
    List<TopicPartition> partitions = end.keySet().stream().map(p -> new TopicPartition(spec.name(), p)).toList();
    consumer.assign(partitions);
    partitions.forEach(tp -> consumer.seek(tp, end.get(tp.partition())));
  }

  /** Waits until {@code count} values matching {@code match} arrived since the last call; returns them. */
  List<V> await(Predicate<V> match, int count) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<V> out = new ArrayList<>();
    int from = 0;
    while (true) {
      for (int i = from; i < seen.size() && out.size() < count; i++) {
        if (match.test(seen.get(i))) {
          out.add(seen.get(i));
        }
        from = i + 1;
      }
      if (out.size() >= count) {
        seen.subList(0, from).clear();
        return out;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + count + " matching record(s) on " + spec.name() + " within " + WAIT
            + ", got " + out);
      }
      poll(Duration.ofMillis(100));
    }
  }

  /** Everything written up to now (the end offsets at this call), matching or not. */
  List<V> readToEnd() {
    Map<Integer, Long> end = KafkaProbe.infra().endOffsets(spec.name());
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!end.entrySet().stream()
        .allMatch(e -> consumer.position(new TopicPartition(spec.name(), e.getKey())) >= e.getValue())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("could not read " + spec.name() + " up to " + end);
      }
      poll(Duration.ofMillis(100));
    }
    List<V> all = List.copyOf(seen);
    seen.clear();
    return all;
  }

  private void poll(Duration timeout) {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
      if (r.value() != null) {
        seen.add(spec.valueSerde().deserializer().deserialize(r.topic(), r.headers(), r.value()));
      }
    }
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
