package io.herald.examples.analytics;

import static io.herald.examples.analytics.Checkouts.checkout;
import static io.herald.examples.analytics.ShopDaysOnKafka.committed;
import static io.herald.examples.analytics.ShopDaysOnKafka.deadLetters;
import static io.herald.examples.analytics.ShopDaysOnKafka.header;
import static io.herald.examples.analytics.ShopDaysOnKafka.latest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.herald.schemas.dlq.DeadLetters;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.Await;
import io.herald.testkit.KafkaProbe;
import io.herald.testkit.WithHeraldInfra;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The job on the real broker, in this JVM: figures per shop, day and currency; the top products; a
 * poison record and a checkout of a closed day dead-lettered through the one publisher, with the
 * reason; the group's offsets committed up to the end of what was sent.
 */
@WithHeraldInfra
class ShopDaysJobTest {

  private static final Instant DEC1 = Instant.parse("2026-12-01T09:00:00Z");

  @Test
  void countsPerShopDayAndCurrencyDeadLettersWhatItCannotCountAndCommitsItsOffsets() throws Exception {
    String run = "analytics-" + UUID.randomUUID();
    String tea = run + "-tea";
    String books = run + "-books";
    AnalyticsSettings settings = ShopDaysOnKafka.settings(run, 2);
    ShopDaysOnKafka.startGroupAtEnd(settings.groupId());
    KafkaProbe kafka = KafkaProbe.infra();

    kafka.send(Topics.CHECKOUTS, tea, checkout(tea, DEC1, "EUR", 450, "green", 2, "cake", 1));
    kafka.send(Topics.CHECKOUTS, tea, checkout(tea, DEC1.plusSeconds(3600), "EUR", 450, "green", 1));
    kafka.send(Topics.CHECKOUTS, tea, checkout(tea, DEC1.plusSeconds(7200), "GBP", 300, "black", 4));
    kafka.sendRaw(Topics.CHECKOUTS.name(), tea.getBytes(StandardCharsets.UTF_8), "not a checkout".getBytes(StandardCharsets.UTF_8));
    kafka.send(Topics.CHECKOUTS, tea, checkout(tea, DEC1.plus(Duration.ofDays(1)), "EUR", 200, "cake", 3));
    kafka.send(Topics.CHECKOUTS, books, checkout(books, DEC1, "USD", 1500, "novel", 1));
    kafka.send(Topics.CHECKOUTS, tea, checkout(tea, DEC1.plus(Duration.ofDays(2)), "EUR", 100, "green", 1)); // 12-01 closes
    kafka.send(Topics.CHECKOUTS, tea, checkout(tea, DEC1, "EUR", 999, "late", 1)); // too late for 12-01
    Map<Integer, Long> end = kafka.endOffsets(Topics.CHECKOUTS.name());

    try (ShopDaysJob job = new ShopDaysJob(settings)) {
      Thread worker = new Thread(job, "shop-days-test");
      worker.start();
      Await.until("offsets committed to the end of checkouts", () -> committedOrEmpty(settings.groupId()), end::equals);

      Map<String, ShopDay> figures = latest(settings.outputTopic());
      ShopDay teaDec1 = figures.get("2026-12-01/" + tea);
      assertThat(teaDec1.getCheckouts()).isEqualTo(3);
      assertThat(teaDec1.getCurrencies()).isEqualTo(Map.of("EUR", new CurrencyFigures(2L, 1800L), "GBP", new CurrencyFigures(1L, 1200L)));
      assertThat(teaDec1.getProducts()).extracting(ProductCount::getSku, ProductCount::getQuantity, ProductCount::getOvercount)
          .containsExactly(tuple("black", 4L, 0L), tuple("green", 3L, 0L), tuple("cake", 1L, 0L));
      assertThat(figures.get("2026-12-02/" + tea).getCurrencies()).isEqualTo(Map.of("EUR", new CurrencyFigures(1L, 600L)));
      assertThat(figures.get("2026-12-03/" + tea).getCurrencies()).isEqualTo(Map.of("EUR", new CurrencyFigures(1L, 100L)));
      assertThat(figures.get("2026-12-01/" + books).getCurrencies()).isEqualTo(Map.of("USD", new CurrencyFigures(1L, 1500L)));

      List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(List.of(tea, books));
      assertThat(dead).extracting(r -> header(r, DeadLetters.H_EXCEPTION))
          .containsExactly("org.apache.avro.message.BadHeaderException", PartitionFigures.ClosedDayException.class.getName());
      assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).as("the poison's bytes, untouched").isEqualTo("not a checkout");
      assertThat(header(dead.get(1), DeadLetters.H_MESSAGE)).contains("day 2026-12-01 of shop " + tea + " is closed");

      job.close();
      worker.join(Duration.ofSeconds(30).toMillis());
      assertThat(worker.isAlive()).isFalse();
    }
  }

  private static Map<Integer, Long> committedOrEmpty(String groupId) {
    try {
      return committed(groupId);
    } catch (Exception e) {
      return Map.of();
    }
  }
}
