package io.herald.examples.analytics;

import static io.herald.examples.analytics.Checkouts.checkout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.events.CheckoutCompleted;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.KafkaProbe;
import io.herald.testkit.ServiceProcess;
import io.herald.testkit.WithHeraldInfra;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The job, a real process, is killed with SIGKILL while checkouts flow, then started again with the same
 * settings: every shop-day ends exact (each checkout counted once, none missed), no figure it ever
 * committed counted more than was sent, and the one poison record has exactly one dead letter. An
 * at-least-once consumer (commit after the write) would count the batch in flight at the kill twice.
 */
@WithHeraldInfra
class ShopDaysCrashTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final int CHECKOUTS = 300;
  private static final Instant DAY = Instant.parse("2026-11-20T10:00:00Z");

  @Test
  void afterASigkillMidStreamEveryCheckoutIsCountedOnce() throws Exception {
    String run = "analytics-crash-" + UUID.randomUUID();
    List<String> shops = List.of(run + "-a", run + "-b");
    AnalyticsSettings settings = ShopDaysOnKafka.settings(run, 3);
    ShopDaysOnKafka.startGroupAtEnd(settings.groupId());
    List<String> command = new ArrayList<>(List.of(ServiceProcess.java(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
        "-cp", ServiceProcess.classpath(), ShopDaysJob.class.getName()));
    command.addAll(ShopDaysOnKafka.args(settings));

    List<CheckoutCompleted> sent = new ArrayList<>();
    for (int n = 0; n < CHECKOUTS; n++) {
      String shop = shops.get(n % 2);
      Instant at = DAY.plus(Duration.ofHours(n % 3 == 0 ? 24 : 0)).plusSeconds(n);
      sent.add(checkout(shop, at, n % 5 == 0 ? "GBP" : "EUR", 100 + n % 7, "sku-" + n % 4, 1 + n % 3));
    }
    Map<String, ShopDay> expected = expected(sent);
    KafkaProbe kafka = KafkaProbe.infra();
    Thread sender = new Thread(() -> {
      for (int n = 0; n < CHECKOUTS; n++) {
        kafka.send(Topics.CHECKOUTS, sent.get(n).getShopId(), sent.get(n));
        if (n == CHECKOUTS / 2) {
          kafka.sendRaw(Topics.CHECKOUTS.name(), shops.get(0).getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, 0x01, 1, 2});
        }
        try {
          Thread.sleep(15); // a steady flow, so the kill lands mid-stream; nothing is asserted on time
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "checkouts");

    try (ServiceProcess first = ServiceProcess.spawn(command, "analytics")) {
      sender.start();
      await().atMost(TIMEOUT).alias("figures committed before the kill (log: " + first.log() + ")")
          .until(() -> counted(settings) >= CHECKOUTS / 4);
      first.kill(); // mid-stream: some checkouts committed, some in an open transaction, some not yet read
    }
    long countedAtKill = counted(settings);
    sender.join(TIMEOUT.toMillis());
    assertThat(sender.isAlive()).isFalse();
    assertThat(countedAtKill).as("killed mid-stream").isLessThan(CHECKOUTS);

    try (ServiceProcess second = ServiceProcess.spawn(command, "analytics")) {
      await().atMost(TIMEOUT).alias("exact figures after the restart (log: " + second.log() + ")")
          .untilAsserted(() -> assertThat(ShopDaysOnKafka.latest(settings.outputTopic())).isEqualTo(expected));
    }
    for (ShopDay figure : ShopDaysOnKafka.published(settings.outputTopic())) {
      ShopDay last = expected.get(ShopDayFigures.key(figure.getDay(), figure.getShopId()));
      assertThat(figure.getCheckouts()).as("never more than was sent").isLessThanOrEqualTo(last.getCheckouts());
    }
    assertThat(ShopDaysOnKafka.deadLetters(shops)).as("the poison record, dead-lettered once").hasSize(1);
  }

  /** Checkouts in the committed figures; 0 until the job has created its output topic. */
  private static long counted(AnalyticsSettings settings) {
    try {
      return ShopDaysOnKafka.latest(settings.outputTopic()).values().stream().mapToLong(ShopDay::getCheckouts).sum();
    } catch (AssertionError noTopicYet) {
      return 0;
    }
  }

  /** The figures, computed here, independently of the job's classes. */
  private static Map<String, ShopDay> expected(List<CheckoutCompleted> sent) {
    Map<String, Map<String, long[]>> currencies = new HashMap<>();
    Map<String, Map<String, Long>> units = new HashMap<>();
    Map<String, Long> checkouts = new HashMap<>();
    Map<String, Instant> updated = new HashMap<>();
    for (CheckoutCompleted c : sent) {
      String key = LocalDate.ofInstant(c.getOccurredAt(), java.time.ZoneOffset.UTC) + "/" + c.getShopId();
      long[] f = currencies.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(c.getCurrency(), k -> new long[2]);
      f[0]++;
      f[1] += c.getTotalMinor();
      c.getItems().forEach(i -> units.computeIfAbsent(key, k -> new HashMap<>()).merge(i.getSku(), (long) i.getQuantity(), Long::sum));
      checkouts.merge(key, 1L, Long::sum);
      updated.merge(key, c.getReceivedAt(), (a, b) -> a.isAfter(b) ? a : b);
    }
    Map<String, ShopDay> out = new HashMap<>();
    checkouts.forEach((key, count) -> {
      Map<String, CurrencyFigures> money = new HashMap<>();
      currencies.get(key).forEach((cur, f) -> money.put(cur, new CurrencyFigures(f[0], f[1])));
      List<ProductCount> products = new ArrayList<>();
      units.get(key).forEach((sku, q) -> products.add(new ProductCount(sku, "Product " + sku, q, 0L)));
      products.sort(ProductCounters.RANK);
      String shop = key.substring(11);
      out.put(key, new ShopDay(shop, LocalDate.parse(key.substring(0, 10)), money, products, count, updated.get(key)));
    });
    return out;
  }
}
