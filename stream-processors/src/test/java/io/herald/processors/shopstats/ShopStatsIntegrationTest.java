package io.herald.processors.shopstats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.herald.events.CheckoutCompleted;
import io.herald.events.ItemCount;
import io.herald.events.LineItem;
import io.herald.events.ShopStats;
import io.herald.processors.ProcessorsApplication;
import io.herald.schemas.dlq.DeadLetters;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.HeraldInfra;
import io.herald.testkit.KafkaProbe;
import io.herald.testkit.WithHeraldInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole service on a real broker, started the way a launcher starts it
 * ({@link ProcessorsApplication#builder()} plus its own properties), so this also checks that the
 * launcher's properties win over the service's config file.
 */
@WithHeraldInfra
class ShopStatsIntegrationTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final KafkaProbe kafka = KafkaProbe.infra();
  private static final HttpClient http = HttpClient.newHttpClient();

  private static ConfigurableApplicationContext app;
  private static int port;

  @BeforeAll
  static void startService() {
    app = ProcessorsApplication.builder().properties(
            "spring.kafka.bootstrap-servers=" + HeraldInfra.kafkaBootstrapServers(),
            // match the shared topics: a larger number would make KafkaAdmin add partitions to them
            "herald.topics.partitions=" + HeraldInfra.partitions(),
            "herald.processors.state-dir=" + System.getProperty("java.io.tmpdir") + "/streams-" + UUID.randomUUID(),
            "herald.processors.projector.mongo-uri=" + HeraldInfra.mongoUri(),
            "server.port=0")
        .run();
    port = ((WebServerApplicationContext) app).getWebServer().getPort();
  }

  @AfterAll
  static void stopService() {
    if (app != null) {
      app.close(); // closes the KafkaStreams before the shared broker stops at the end of the run
    }
  }

  @Test
  void checkoutsBecomeExactPerMinuteFigures() {
    String shop = "shop-" + UUID.randomUUID();
    Instant at = eventTime();
    Map<Integer, Long> before = kafka.endOffsets(Topics.SHOP_STATS.name());

    kafka.send(Topics.CHECKOUTS, shop, checkout(shop, at, "EUR", 1500, new LineItem("mug", "Mug", 2, 500L),
        new LineItem("tea", "Tea", 1, 500L)));
    kafka.send(Topics.CHECKOUTS, shop, checkout(shop, at, "USD", 900, new LineItem("tea", "Tea", 3, 300L)));
    kafka.send(Topics.CHECKOUTS, shop, checkout(shop, at, "EUR", 500, new LineItem("mug", "Mug", 1, 500L)));

    ShopStats figures = awaitFigures(before, shop, 3);
    assertThat(figures.getShopId()).isEqualTo(shop);
    assertThat(figures.getWindowStart()).isEqualTo(at.truncatedTo(ChronoUnit.MINUTES));
    assertThat(figures.getWindowEnd()).isEqualTo(at.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60));
    assertThat(figures.getRevenueMinor()).isEqualTo(Map.of("EUR", 2000L, "USD", 900L));
    assertThat(figures.getItemsSold()).isEqualTo(7);
    assertThat(figures.getTopItems()).extracting(ItemCount::getSku, ItemCount::getQuantity)
        .containsExactly(tuple("tea", 4L), tuple("mug", 3L));
  }

  @Test
  void poisonRecordGoesToTheDeadLetterTopicAndLaterCheckoutsStillCount() {
    String shop = "shop-" + UUID.randomUUID();
    byte[] poison = "definitely not avro".getBytes(StandardCharsets.UTF_8);
    Map<Integer, Long> statsBefore = kafka.endOffsets(Topics.SHOP_STATS.name());
    Map<Integer, Long> dlqBefore = kafka.endOffsets(Topics.CHECKOUTS.dlq());

    kafka.sendRaw(Topics.CHECKOUTS.name(), shop.getBytes(StandardCharsets.UTF_8), poison);
    kafka.send(Topics.CHECKOUTS, shop, checkout(shop, eventTime(), "EUR", 100, new LineItem("mug", "Mug", 1, 100L)));

    ConsumerRecord<byte[], byte[]> dead = kafka.readAfter(Topics.CHECKOUTS.dlq(), dlqBefore, 1, TIMEOUT).stream()
        .filter(r -> shop.equals(new String(r.key(), StandardCharsets.UTF_8))).findFirst().orElseThrow();
    assertThat(dead.value()).isEqualTo(poison);
    assertThat(header(dead, DeadLetters.H_TOPIC)).isEqualTo(Topics.CHECKOUTS.name());
    assertThat(header(dead, DeadLetters.H_STAGE)).startsWith("streams:");
    assertThat(awaitFigures(statsBefore, shop, 1).getOrders()).isEqualTo(1);
  }

  @Test
  void healthShowsEachTopologyAndPrometheusHasItsMetrics() throws Exception {
    await().atMost(TIMEOUT).untilAsserted(() -> {
      HttpResponse<String> health = get("/actuator/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).containsPattern("\"kafkaStreams\":\\{\"components\":\\{.*\"shop-stats\":\\{\"status\":\"UP\"\\}");
    });
    String prometheus = await().atMost(TIMEOUT).until(() -> get("/actuator/prometheus").body(),
        body -> body.contains("kafka_stream_task_dropped_records_total{")); // bound once RUNNING, tasks included
    assertThat(prometheus).containsPattern("kafka_stream_thread_\\w+\\{[^}]*processor=\"shop-stats\"")
        .containsPattern("kafka_stream_task_dropped_records_total\\{[^}]*processor=\"shop-stats\"")
        .as("per-store, per-node and per-task meters are off by default (StreamsMeterDetail)")
        .doesNotContain("kafka_stream_state_").doesNotContain("kafka_stream_processor_node_")
        .doesNotContain("kafka_stream_task_process_rate");
  }

  /** Waits for the shop's latest figures to reach {@code orders}; fails on any figure beyond it. */
  private static ShopStats awaitFigures(Map<Integer, Long> from, String shop, long orders) {
    ShopStats[] last = new ShopStats[1];
    await().atMost(TIMEOUT).untilAsserted(() -> {
      List<ShopStats> mine = kafka.readValuesAfter(Topics.SHOP_STATS, from, 1, Duration.ofSeconds(5)).stream()
          .filter(s -> s.getShopId().equals(shop)).toList();
      assertThat(mine).isNotEmpty();
      assertThat(mine).allSatisfy(s -> assertThat(s.getOrders()).isLessThanOrEqualTo(orders));
      last[0] = mine.get(mine.size() - 1);
      assertThat(last[0].getOrders()).isEqualTo(orders);
    });
    return last[0];
  }

  /**
   * Every checkout of a test shares one event time, so all land in one window whatever the wall
   * clock does; half a minute past the current minute never precedes an earlier test's time.
   */
  private static Instant eventTime() {
    return Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(30);
  }

  private static CheckoutCompleted checkout(String shop, Instant at, String currency, long total, LineItem... items) {
    return CheckoutCompleted.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setShopId(shop)
        .setCheckoutId("co-" + UUID.randomUUID()).setCustomerId("customer-1").setItems(List.of(items))
        .setTotalMinor(total).setCurrency(currency).setReceivedAt(at).build();
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
