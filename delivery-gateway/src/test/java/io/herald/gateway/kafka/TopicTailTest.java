package io.herald.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.testkit.Await;
import io.herald.testkit.HeraldInfra;
import io.herald.testkit.KafkaProbe;
import io.herald.testkit.WithHeraldInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The gateway's one topic reader on the real broker: several topics, positions, start points, refusal, stop. */
@WithHeraldInfra
class TopicTailTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final KafkaClients clients = new KafkaClients(HeraldInfra.adminConfig(), HeraldInfra.adminConfig(), 500);

  private static String topic(int partitions) throws Exception {
    String name = "tail-" + UUID.randomUUID();
    try (Admin admin = Admin.create(HeraldInfra.adminConfig())) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    return name;
  }

  private static void send(String topic, int partition, String value) {
    KafkaProbe.infra().sendRaw(new ProducerRecord<>(topic, partition, null, value.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void readsCoPartitionedTopicsFromTheirEndAndSaysWhereEachPartitionStarted() throws Exception {
    String a = topic(2);
    String b = topic(2);
    send(a, 1, "before");
    List<String> seen = new CopyOnWriteArrayList<>();
    Map<TopicPartition, Long> start = new ConcurrentHashMap<>();
    AtomicBoolean ended = new AtomicBoolean();
    TopicTail tail = TopicTail.of(clients, List.of(a, b), r -> seen.add(r.topic() + ":" + value(r)))
        .name("test").pollTimeout(Duration.ofMillis(100)).onPositioned(start::putAll).onStopped(() -> ended.set(true))
        .build();
    tail.start();
    try {
      tail.ready().block(WAIT);
      assertThat(tail.partitions()).isEqualTo(2);
      assertThat(start).containsEntry(new TopicPartition(a, 0), 0L).containsEntry(new TopicPartition(a, 1), 1L)
          .containsEntry(new TopicPartition(b, 0), 0L).containsEntry(new TopicPartition(b, 1), 0L);
      send(a, 0, "one");
      send(b, 1, "two");
      Await.until("both records", () -> seen.size() >= 2, WAIT);
      assertThat(seen).containsExactlyInAnyOrder(a + ":one", b + ":two");
      assertThat(tail.consumersCreated()).isEqualTo(1);
    } finally {
      tail.stop();
    }
    assertThat(ended).isTrue();
    assertThat(tail.isRunning()).isFalse();
  }

  @Test
  void fromTheBeginningItIsReadyOnlyOnceCaughtUp() throws Exception {
    String t = topic(2);
    for (int i = 0; i < 5; i++) {
      send(t, i % 2, "v" + i);
    }
    List<String> seen = new CopyOnWriteArrayList<>();
    TopicTail tail = TopicTail.of(clients, t, r -> seen.add(value(r))).fromBeginning()
        .pollTimeout(Duration.ofMillis(100)).build();
    tail.start();
    try {
      tail.ready().block(WAIT);
      assertThat(seen).containsExactlyInAnyOrder("v0", "v1", "v2", "v3", "v4");
    } finally {
      tail.stop();
    }
  }

  @Test
  void topicsWithDifferentPartitionCountsAreRefused() throws Exception {
    TopicTail tail = TopicTail.of(clients, List.of(topic(1), topic(2)), r -> { }).build();
    tail.start();
    try {
      assertThatThrownBy(() -> tail.ready().block(WAIT)).hasMessageContaining("stopped");
      assertThat(tail.isReady()).isFalse();
    } finally {
      tail.stop();
    }
  }

  /** The lag gauge: behind while a backlog is read (one record per poll here), 0 once caught up, gone once stopped. */
  @Test
  void reportsItsLagWhileItRunsAndRemovesTheGaugeWhenStopped() throws Exception {
    String t = topic(1);
    for (int i = 0; i < 5; i++) {
      send(t, 0, "v" + i);
    }
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    KafkaClients onePerPoll = new KafkaClients(HeraldInfra.adminConfig(), HeraldInfra.adminConfig(), 1, meters,
        io.herald.kafka.tracing.RecordTracing.OFF);
    List<Long> lagSeen = new CopyOnWriteArrayList<>();
    TopicTail[] self = new TopicTail[1];
    TopicTail tail = TopicTail.of(onePerPoll, t, r -> lagSeen.add(self[0].lag())).name("lagging").fromBeginning()
        .pollTimeout(Duration.ofMillis(100)).build();
    self[0] = tail;
    tail.start();
    try {
      tail.ready().block(WAIT);
      assertThat(lagSeen).hasSize(5);
      assertThat(lagSeen.get(0)).as("lag while the first of five records is handled").isPositive();
      Await.until("lag 0 once caught up", () -> meters.get("herald.gateway.reader.lag").tag("reader", "lagging")
          .gauge().value() == 0, WAIT);
    } finally {
      tail.stop();
    }
    assertThat(meters.find("herald.gateway.reader.lag").gauges()).isEmpty();
  }

  private static String value(ConsumerRecord<byte[], byte[]> r) {
    return new String(r.value(), StandardCharsets.UTF_8);
  }
}
