package io.herald.processors.shopstats;

import io.herald.events.CheckoutCompleted;
import io.herald.events.ShopStats;
import io.herald.kafka.tracing.RecordTracing;
import io.herald.processors.TracedRecords;
import io.herald.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.UUID;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Live per-minute figures of every shop: {@code checkouts} (key shop_id) → tumbling one-minute
 * windows on the checkout's {@code occurred_at} clamped to its {@code received_at}
 * ({@link CheckoutTimestampExtractor}: no client clock can advance stream time) → {@code shop-stats}
 * (key shop_id), one {@link ShopStats} per update of a window. Updates are not suppressed until
 * the window closes (dashboards want the minute as it fills); the record cache and the commit
 * interval coalesce bursts into one emission per window per commit.
 *
 * <p>Late checkouts (an offline replay) update their own minute, re-emitted as a corrected figure,
 * until that window is {@code grace} past its end (24 h by default); after that Kafka Streams
 * drops them and counts them in the {@code dropped-records} task metric.
 *
 * <p>Processors, store and topics are named explicitly so the changelog topic
 * ({@code <application.id>-shop-stats-windows-changelog}) keeps its name when the code changes.
 * With tracing on, a step {@code checkouts-trace} continues each checkout's trace (span "shop-stats");
 * an emitted figure carries the trace of the last checkout it counts.
 */
public final class ShopStatsTopology {

  public static final Duration WINDOW = Duration.ofMinutes(1);
  /** The ShopStats contract carries at most this many best sellers. */
  public static final int TOP_ITEMS = 5;
  public static final String STORE = "shop-stats-windows";

  private ShopStatsTopology() {}

  /**
   * @param grace how long after a window's end late checkouts are still counted
   * @param maxSkus how many distinct SKUs a window tracks (see {@link SkuTally} for the eviction)
   * @param clock processing-time clock for the emitted {@code occurred_at}
   */
  public static Topology build(Duration grace, int maxSkus, Clock clock) {
    return build(grace, maxSkus, clock, RecordTracing.OFF);
  }

  /** As above; with {@code tracing} on, each checkout is counted inside a span continuing its trace. */
  public static Topology build(Duration grace, int maxSkus, Clock clock, RecordTracing tracing) {
    ShopWindowAggregator aggregator = new ShopWindowAggregator(maxSkus);
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, CheckoutCompleted> checkouts = builder.stream(Topics.CHECKOUTS.name(),
        Consumed.with(Topics.CHECKOUTS.keySerde(), Topics.CHECKOUTS.valueSerde())
            .withTimestampExtractor(new CheckoutTimestampExtractor())
            .withName("checkouts-source"));
    if (tracing.enabled()) { // a named step, present only when on: the names of the other nodes do not move
      checkouts = checkouts.processValues(TracedRecords.step(tracing, "shop-stats"), Named.as("checkouts-trace"));
    }
    checkouts
        // already keyed by shop_id: no repartition
        .groupByKey(Grouped.<String, CheckoutCompleted>as("checkouts-by-shop")
            .withKeySerde(Topics.CHECKOUTS.keySerde()).withValueSerde(Topics.CHECKOUTS.valueSerde()))
        .windowedBy(TimeWindows.ofSizeAndGrace(WINDOW, grace))
        .aggregate(aggregator, aggregator, Named.as("shop-window-aggregate"),
            Materialized.<String, ShopStats, WindowStore<Bytes, byte[]>>as(STORE)
                .withKeySerde(Topics.SHOP_STATS.keySerde())
                .withValueSerde(Topics.SHOP_STATS.valueSerde()))
        .toStream(Named.as("shop-window-updates"))
        .map((window, figures) -> KeyValue.pair(window.key(), publish(window, figures, clock)), Named.as("shop-stats-publish"))
        .to(Topics.SHOP_STATS.name(), Produced.with(Topics.SHOP_STATS.keySerde(), Topics.SHOP_STATS.valueSerde())
            .withName("shop-stats-sink"));
    return builder.build();
  }

  /** The public event for one window's state: fresh identity, window bounds, top 5 only. */
  static ShopStats publish(Windowed<String> window, ShopStats figures, Clock clock) {
    return ShopStats.newBuilder()
        .setEventId(UUID.randomUUID())
        .setOccurredAt(clock.instant())
        .setShopId(window.key())
        .setWindowStart(window.window().startTime())
        .setWindowEnd(window.window().endTime()) // exclusive
        .setOrders(figures.getOrders())
        .setRevenueMinor(new HashMap<>(figures.getRevenueMinor()))
        .setItemsSold(figures.getItemsSold())
        .setTopItems(SkuTally.top(figures.getTopItems(), TOP_ITEMS))
        .build();
  }
}
