package io.herald.processors.shopstats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.events.CheckoutCompleted;
import io.herald.events.LineItem;
import io.herald.events.ShopStats;
import io.herald.processors.ProcessorsApplication;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.HeraldInfra;
import io.herald.testkit.KafkaProbe;
import io.herald.testkit.ServiceProcess;
import io.herald.testkit.WithHeraldInfra;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The stream processors, a real process, are killed with SIGKILL while checkouts flow, then started
 * again on the same state folder: the shop's figures end exact (every checkout counted once, none
 * lost), and no figure on the way ever counted more than was sent. Exactly-once (transactions) is
 * what this proves; an at-least-once replay would count the checkouts after the last commit twice.
 */
@WithHeraldInfra
class ShopStatsCrashTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int CHECKOUTS = 300;
  private static final long PRICE = 250;

  @Test
  void afterASigkillMidCheckoutTheFiguresAreExact() throws Exception {
    KafkaProbe kafka = KafkaProbe.infra();
    String shop = "shop-crash-" + UUID.randomUUID();
    Instant at = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(30); // one window, whatever the clock does
    Path state = Files.createTempDirectory("streams-crash");
    String applicationId = "herald-shop-stats-crash-" + UUID.randomUUID();
    List<String> args = List.of(
        "--spring.kafka.bootstrap-servers=" + HeraldInfra.kafkaBootstrapServers(),
        "--herald.topics.partitions=" + HeraldInfra.partitions(),
        "--herald.processors.state-dir=" + state,
        "--herald.processors.shop-stats.application-id=" + applicationId,
        "--herald.processors.conversations.enabled=false",
        "--herald.processors.presence.enabled=false",
        "--herald.processors.notifications.enabled=false",
        "--herald.processors.projector.enabled=false");
    Map<Integer, Long> before = kafka.endOffsets(Topics.SHOP_STATS.name());

    Thread sender = new Thread(() -> {
      for (int n = 0; n < CHECKOUTS; n++) {
        kafka.send(Topics.CHECKOUTS, shop, checkout(shop, at, n));
        try {
          Thread.sleep(20); // a steady flow, so the kill lands mid-stream; nothing is asserted on time
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "checkouts");
    try (ServiceProcess first = ServiceProcess.start(ProcessorsApplication.class.getName(), freePort(), args)) {
      sender.start();
      await().atMost(TIMEOUT).alias("figures flowing before the kill")
          .until(() -> latest(kafka, before, shop) != null && latest(kafka, before, shop).getOrders() >= CHECKOUTS / 4);
      first.kill(); // mid-stream: some checkouts counted and committed, some in an open transaction, some not yet read
    }
    sender.join(TIMEOUT.toMillis());
    assertThat(sender.isAlive()).isFalse();
    try (ServiceProcess second = ServiceProcess.start(ProcessorsApplication.class.getName(), freePort(), args)) {
      await().atMost(TIMEOUT).alias("exact figures after the restart").untilAsserted(() -> {
        List<ShopStats> mine = mine(kafka, before, shop);
        assertThat(mine).allSatisfy(s -> assertThat(s.getOrders()).as("never more than was sent").isLessThanOrEqualTo(CHECKOUTS));
        ShopStats last = mine.get(mine.size() - 1);
        assertThat(last.getOrders()).isEqualTo(CHECKOUTS);
        assertThat(last.getRevenueMinor()).isEqualTo(Map.of("EUR", CHECKOUTS * PRICE));
        assertThat(last.getItemsSold()).isEqualTo(CHECKOUTS);
      });
    }
  }

  private static List<ShopStats> mine(KafkaProbe kafka, Map<Integer, Long> from, String shop) {
    return kafka.readValuesAfter(Topics.SHOP_STATS, from, 1, Duration.ofSeconds(5)).stream()
        .filter(s -> s.getShopId().equals(shop)).toList();
  }

  private static ShopStats latest(KafkaProbe kafka, Map<Integer, Long> from, String shop) {
    try {
      List<ShopStats> mine = mine(kafka, from, shop);
      return mine.isEmpty() ? null : mine.get(mine.size() - 1);
    } catch (AssertionError nothingYet) {
      return null;
    }
  }

  private static CheckoutCompleted checkout(String shop, Instant at, int n) {
    return CheckoutCompleted.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setShopId(shop)
        .setCheckoutId("co-" + n).setCustomerId("customer-1").setItems(List.of(new LineItem("tea", "Tea", 1, PRICE)))
        .setTotalMinor(PRICE).setCurrency("EUR").setReceivedAt(at).build();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
