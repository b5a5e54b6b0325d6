package io.herald.processors.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.events.PresenceKind;
import io.herald.processors.TestProcessors;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.HeraldInfra;
import io.herald.testkit.KafkaProbe;
import io.herald.testkit.WithHeraldInfra;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The routing topology in the real service on a real broker: deliveries land, unchanged, in the
 * {@code inbox-routes} partition of each slot holding a session of their recipient, and nowhere else.
 */
@WithHeraldInfra
class RoutingOnBrokerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final KafkaProbe kafka = KafkaProbe.infra();
  private static ConfigurableApplicationContext app;

  @BeforeAll
  static void startService() {
    app = TestProcessors.start(List.of("routing"));
  }

  @AfterAll
  static void stopService() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void eachDeliveryReachesThePartitionOfEverySlotHoldingItsRecipientAndNoOther() {
    int partitions = HeraldInfra.partitions();
    assertThat(partitions).as("three slots on distinct partitions").isGreaterThanOrEqualTo(3);
    String ann = "ann-" + UUID.randomUUID();
    String bob = "bob-" + UUID.randomUUID();
    String offline = "cat-" + UUID.randomUUID();
    Map<Integer, Long> before = kafka.endOffsets(Topics.INBOX_ROUTES.name());
    connect(ann, "phone", 1);
    connect(bob, "phone", 2);
    connect(bob, "laptop", 2 + partitions); // the same partition: one copy
    connect(ann, "laptop", partitions); // slot mod partitions: partition 0

    // the presence events may still be on their way to the topology: deliver until routed
    await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
      deliver(ann, "warm-up");
      deliver(bob, "warm-up");
      return routedSince(before, ann, bob, null) == 3;
    });
    // The last warm-ups may still be in the topology when an earlier round satisfied the wait: a
    // marker behind them (same key, so same input partition, routed in order) shows when they are
    // through, so none lands after the offsets taken next and is read as a delivery of the test.
    deliver(ann, "sync");
    deliver(bob, "sync");
    await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> routedSince(before, ann, bob, "sync") == 3);
    Map<Integer, Long> from = kafka.endOffsets(Topics.INBOX_ROUTES.name());
    deliver(offline, "to nobody");
    deliver(ann, "hello ann");
    deliver(bob, "hello bob");

    List<ConsumerRecord<byte[], byte[]>> routed = kafka.readAfter(Topics.INBOX_ROUTES.name(), from, 3, TIMEOUT);
    assertThat(routed).extracting(r -> key(r) + "@" + r.partition() + ":" + new String(r.value(), StandardCharsets.UTF_8))
        .containsExactlyInAnyOrder(ann + "@1:hello ann", ann + "@0:hello ann", bob + "@2:hello bob");
  }

  private static void connect(String user, String session, int slot) {
    kafka.send(Topics.PRESENCE, user,
        RoutingTopologyTest.event(user, session, "gw-" + UUID.randomUUID(), slot, PresenceKind.CONNECTED, Instant.now()));
  }

  private static void deliver(String user, String body) {
    // routing never decodes a delivery: any bytes pass
    kafka.sendRaw(Topics.INBOX.name(), user.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8));
  }

  /** Distinct recipient@partition pairs of {@code inbox-routes} records of ann or bob since {@code before} (with that body, if given). */
  private static long routedSince(Map<Integer, Long> before, String ann, String bob, String body) {
    return kafka.readAll(Topics.INBOX_ROUTES.name()).stream()
        .filter(r -> r.offset() >= before.getOrDefault(r.partition(), 0L))
        .filter(r -> key(r).equals(ann) || key(r).equals(bob))
        .filter(r -> body == null || body.equals(new String(r.value(), StandardCharsets.UTF_8)))
        .map(r -> key(r) + "@" + r.partition()).distinct().count();
  }

  private static String key(ConsumerRecord<byte[], byte[]> r) {
    return new String(r.key(), StandardCharsets.UTF_8);
  }
}
