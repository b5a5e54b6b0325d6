package io.herald.processors.shopstats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.herald.events.CheckoutCompleted;
import io.herald.events.ItemCount;
import io.herald.events.LineItem;
import io.herald.events.ShopStats;
import io.herald.processors.dlq.DeadLetterDeserializationHandler;
import io.herald.schemas.dlq.DeadLetters;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShopStatsTopologyTest {

  private static final Instant NOON = Instant.parse("2025-03-01T12:00:00Z");
  private static final Instant PROCESSING_TIME = Instant.parse("2025-03-01T12:30:00Z");
  private static final Duration GRACE = Duration.ofSeconds(10);

  private TopologyTestDriver driver;
  private TestInputTopic<String, CheckoutCompleted> checkouts;
  private TestOutputTopic<String, ShopStats> stats;

  private void start(int maxSkus) {
    start(maxSkus, GRACE);
  }

  private void start(int maxSkus, Duration grace) {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "shop-stats-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
    config.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/ttd-" + UUID.randomUUID());
    driver = new TopologyTestDriver(
        ShopStatsTopology.build(grace, maxSkus, Clock.fixed(PROCESSING_TIME, ZoneOffset.UTC)), config);
    checkouts = driver.createInputTopic(Topics.CHECKOUTS.name(),
        Topics.CHECKOUTS.keySerde().serializer(), Topics.CHECKOUTS.valueSerde().serializer());
    stats = driver.createOutputTopic(Topics.SHOP_STATS.name(),
        Topics.SHOP_STATS.keySerde().deserializer(), Topics.SHOP_STATS.valueSerde().deserializer());
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  @Test
  void checkoutsOnEitherSideOfAMinuteBoundaryLandInDifferentWindows() {
    start(100);
    send(checkout("s1", NOON.plusMillis(59_999), "EUR", 100, line("a", 1)));
    send(checkout("s1", NOON.plusSeconds(60), "EUR", 200, line("a", 1)));

    List<TestRecord<String, ShopStats>> out = stats.readRecordsToList();
    assertThat(out).extracting(TestRecord::key).containsExactly("s1", "s1");
    assertThat(out).extracting(TestRecord::value)
        .extracting(ShopStats::getWindowStart, ShopStats::getWindowEnd, ShopStats::getOrders, s -> s.getRevenueMinor())
        .containsExactly(
            tuple(NOON, NOON.plusSeconds(60), 1L, Map.of("EUR", 100L)),
            tuple(NOON.plusSeconds(60), NOON.plusSeconds(120), 1L, Map.of("EUR", 200L)));
  }

  @Test
  void eventTimeIsOccurredAtNotTheRecordTimestamp() {
    start(100);
    CheckoutCompleted c = checkout("s1", NOON.plusSeconds(30), "EUR", 100, line("a", 1));
    checkouts.pipeInput(new TestRecord<>("s1", c, NOON.plusSeconds(3600))); // record timestamp an hour later

    assertThat(stats.readValue().getWindowStart()).isEqualTo(NOON);
  }

  @Test
  void aFastClockClientLandsInItsReceiveMinuteAndDoesNotCloseOtherShopsWindows() {
    start(100);
    // s-fast's phone is 5 minutes ahead: occurredAt 12:05:10, received by the API at 12:00:10
    CheckoutCompleted skewed = checkout("s-fast", NOON.plusSeconds(310), "EUR", 500, line("a", 1));
    skewed.setReceivedAt(NOON.plusSeconds(10));
    send(skewed); // record timestamp = the client's occurredAt, as the ingest API writes it
    // Other shops on the same partition keep posting on time (and a little late, within grace).
    send(checkout("s-other", NOON.plusSeconds(20), "EUR", 100, line("b", 1)));
    send(checkout("s-third", NOON.plusSeconds(15), NOON.plusSeconds(22), "EUR", 70, line("c", 1)));

    List<ShopStats> out = stats.readValuesToList();
    assertThat(out).extracting(ShopStats::getShopId, ShopStats::getWindowStart, ShopStats::getOrders)
        .as("the skewed checkout counts in the minute it was received; nobody else's is dropped as late")
        .containsExactly(
            tuple("s-fast", NOON, 1L),
            tuple("s-other", NOON, 1L),
            tuple("s-third", NOON, 1L));
  }

  @Test
  void anOfflineReplayCountsInItsOwnMinuteAsACorrectedUpdate() {
    start(100, Duration.ofHours(24)); // the production default
    Instant twoHoursAgo = NOON.minus(Duration.ofHours(2));
    send(checkout("s1", NOON.plusSeconds(1), "EUR", 100, line("a", 1)));
    // A phone back online replays two sales made two hours ago, one sale made 25 hours ago.
    send(checkout("s1", twoHoursAgo.plusSeconds(5), NOON.plusSeconds(2), "EUR", 300, line("b", 1)));
    send(checkout("s1", twoHoursAgo.plusSeconds(40), NOON.plusSeconds(3), "EUR", 200, line("b", 2)));
    send(checkout("s1", NOON.minus(Duration.ofHours(25)), NOON.plusSeconds(4), "EUR", 900, line("c", 1)));
    send(checkout("s1", NOON.plusSeconds(5), "EUR", 100, line("a", 1)));

    List<ShopStats> out = stats.readValuesToList();
    assertThat(out).extracting(ShopStats::getWindowStart, ShopStats::getOrders, ShopStats::getRevenueMinor)
        .containsExactly(
            tuple(NOON, 1L, Map.of("EUR", 100L)),
            tuple(twoHoursAgo, 1L, Map.of("EUR", 300L)),
            tuple(twoHoursAgo, 2L, Map.of("EUR", 500L)), // the corrected figure of that minute
            // 25 h ago is beyond the 24 h grace: dropped (Streams' dropped-records metric)
            tuple(NOON, 2L, Map.of("EUR", 200L)));
  }

  @Test
  void emitsAFreshEventWithProcessingTimeOnEveryUpdate() {
    start(100);
    send(checkout("s1", NOON.plusSeconds(1), "EUR", 100, line("a", 1)));
    send(checkout("s1", NOON.plusSeconds(2), "EUR", 100, line("a", 1)));

    List<ShopStats> out = stats.readValuesToList();
    assertThat(out).extracting(ShopStats::getOrders).containsExactly(1L, 2L);
    assertThat(out).extracting(ShopStats::getOccurredAt).containsOnly(PROCESSING_TIME);
    assertThat(out.get(0).getEventId()).isNotEqualTo(out.get(1).getEventId())
        .isNotEqualTo(ShopWindowAggregator.STATE_ID);
  }

  @Test
  void lateCheckoutWithinGraceUpdatesItsWindowAndBeyondGraceIsDropped() {
    start(100);
    send(checkout("s1", NOON.plusSeconds(10), "EUR", 100, line("a", 1)));
    // stream time 12:01:09.999: the noon window closes at 12:01:00 + 10 s grace, so still open
    send(checkout("s1", NOON.plusSeconds(60 + 10).minusMillis(1), "EUR", 100, line("a", 1)));
    send(checkout("s1", NOON.plusSeconds(20), "EUR", 100, line("a", 1)));
    // stream time 12:01:10: the noon window is closed
    send(checkout("s1", NOON.plusSeconds(60 + 10), "EUR", 100, line("a", 1)));
    send(checkout("s1", NOON.plusSeconds(30), "EUR", 100, line("a", 1)));

    assertThat(stats.readValuesToList())
        .extracting(ShopStats::getWindowStart, ShopStats::getOrders)
        .containsExactly(
            tuple(NOON, 1L),
            tuple(NOON.plusSeconds(60), 1L),
            tuple(NOON, 2L), // late but within grace
            tuple(NOON.plusSeconds(60), 2L));
    // and the late one beyond grace produced nothing
  }

  @Test
  void revenueIsSummedPerCurrency() {
    start(100);
    send(checkout("s1", NOON.plusSeconds(1), "EUR", 1000, line("a", 1)));
    send(checkout("s1", NOON.plusSeconds(2), "USD", 500, line("a", 1)));
    send(checkout("s1", NOON.plusSeconds(3), "EUR", 250, line("a", 1)));
    send(checkout("s2", NOON.plusSeconds(4), "EUR", 7, line("a", 1)));

    Map<String, ShopStats> last = stats.readKeyValuesToMap();
    assertThat(last.get("s1").getRevenueMinor()).isEqualTo(Map.of("EUR", 1250L, "USD", 500L));
    assertThat(last.get("s1").getOrders()).isEqualTo(3);
    assertThat(last.get("s2").getRevenueMinor()).isEqualTo(Map.of("EUR", 7L));
  }

  @Test
  void topItemsAreTheFiveBestSellersByQuantity() {
    start(100);
    send(checkout("s1", NOON.plusSeconds(1), "EUR", 1, line("a", 1), line("b", 7), line("c", 3)));
    send(checkout("s1", NOON.plusSeconds(2), "EUR", 1, line("d", 5), line("e", 2), line("f", 4), line("a", 5)));
    send(checkout("s1", NOON.plusSeconds(3), "EUR", 1, line("g", 4), line("b", 1)));

    ShopStats last = lastValue();
    assertThat(last.getItemsSold()).isEqualTo(1 + 7 + 3 + 5 + 2 + 4 + 5 + 4 + 1);
    // b 8, a 6, d 5, then f and g tie at 4 (by SKU), then c 3, e 2 are cut
    assertThat(last.getTopItems()).extracting(ItemCount::getSku, ItemCount::getQuantity)
        .containsExactly(tuple("b", 8L), tuple("a", 6L), tuple("d", 5L), tuple("f", 4L), tuple("g", 4L));
    assertThat(last.getTopItems()).extracting(ItemCount::getName).containsExactly("b name", "a name", "d name", "f name", "g name");
  }

  @Test
  void skuTableStaysBoundedByEvictingTheLowestCount() {
    start(5);
    send(checkout("s1", NOON.plusSeconds(1), "EUR", 1,
        line("a", 9), line("b", 8), line("c", 7), line("d", 6), line("e", 1)));
    send(checkout("s1", NOON.plusSeconds(2), "EUR", 1, line("f", 2)));  // table full: e (1) leaves
    send(checkout("s1", NOON.plusSeconds(3), "EUR", 1, line("e", 1)));  // f (2) is now lowest and leaves

    ShopStats last = lastValue();
    assertThat(last.getTopItems()).extracting(ItemCount::getSku, ItemCount::getQuantity)
        .containsExactly(tuple("a", 9L), tuple("b", 8L), tuple("c", 7L), tuple("d", 6L), tuple("e", 1L));
    assertThat(last.getItemsSold()).as("totals stay exact whatever the table evicts").isEqualTo(34);
    assertThat(storedSkus()).as("state is bounded, not just the output").hasSize(5);
  }

  @Test
  void storedStateKeepsTheWholeBoundedTableBeyondTheTopFive() {
    start(7);
    send(checkout("s1", NOON.plusSeconds(1), "EUR", 1,
        line("a", 1), line("b", 1), line("c", 1), line("d", 1), line("e", 1), line("f", 1), line("g", 1), line("h", 1)));

    assertThat(lastValue().getTopItems()).hasSize(5);
    assertThat(storedSkus()).containsExactly("b", "c", "d", "e", "f", "g", "h"); // a, first of the lowest, left
  }

  @Test
  void poisonRecordGoesToTheDeadLetterTopicAndProcessingContinues() {
    start(100);
    TestInputTopic<String, byte[]> raw = driver.createInputTopic(Topics.CHECKOUTS.name(),
        new StringSerializer(), new ByteArraySerializer());
    TestOutputTopic<String, byte[]> dlq = driver.createOutputTopic(Topics.CHECKOUTS.dlq(),
        new StringDeserializer(), new ByteArrayDeserializer());
    byte[] poison = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);

    raw.pipeInput("s1", poison, NOON);
    send(checkout("s1", NOON.plusSeconds(1), "EUR", 100, line("a", 1)));

    TestRecord<String, byte[]> dead = dlq.readRecord();
    assertThat(dead.key()).isEqualTo("s1");
    assertThat(dead.value()).isEqualTo(poison);
    assertThat(header(dead, DeadLetters.H_TOPIC)).isEqualTo(Topics.CHECKOUTS.name());
    assertThat(header(dead, DeadLetters.H_OFFSET)).isEqualTo("0");
    assertThat(header(dead, DeadLetters.H_MESSAGE)).contains("not Avro single-object encoding");
    assertThat(dlq.isEmpty()).isTrue();
    assertThat(stats.readValuesToList()).extracting(ShopStats::getOrders).containsExactly(1L);
  }

  private void send(CheckoutCompleted c) {
    checkouts.pipeInput(c.getShopId(), c, c.getOccurredAt()); // as the ingest API does
  }

  private ShopStats lastValue() {
    List<ShopStats> all = stats.readValuesToList();
    assertThat(all).isNotEmpty();
    return all.get(all.size() - 1);
  }

  private List<String> storedSkus() {
    WindowStore<String, ValueAndTimestamp<ShopStats>> store = driver.getTimestampedWindowStore(ShopStatsTopology.STORE);
    List<String> skus = new ArrayList<>();
    try (KeyValueIterator<Windowed<String>, ValueAndTimestamp<ShopStats>> it = store.all()) {
      it.forEachRemaining(kv -> kv.value.value().getTopItems().forEach(i -> skus.add(i.getSku())));
    }
    return skus;
  }

  private static String header(TestRecord<?, ?> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  static LineItem line(String sku, int quantity) {
    return new LineItem(sku, sku + " name", quantity, 100L);
  }

  static CheckoutCompleted checkout(String shop, Instant at, String currency, long total, LineItem... items) {
    return checkout(shop, at, at, currency, total, items);
  }

  /** A checkout made at {@code at} (client clock) that the ingest API received at {@code received}. */
  private static CheckoutCompleted checkout(String shop, Instant at, Instant received, String currency, long total,
                                            LineItem... items) {
    return CheckoutCompleted.newBuilder()
        .setEventId(UUID.randomUUID())
        .setOccurredAt(at)
        .setShopId(shop)
        .setCheckoutId("co-" + UUID.randomUUID())
        .setCustomerId("u1")
        .setItems(List.of(items))
        .setTotalMinor(total)
        .setCurrency(currency)
        .setReceivedAt(received)
        .build();
  }
}
