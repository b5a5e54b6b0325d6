package io.herald.processors.shopstats;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.events.CheckoutCompleted;
import io.herald.events.ShopStats;
import io.herald.kafka.tracing.RecordTracing;
import io.herald.processors.TestTracing;
import io.herald.schemas.topics.Topics;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Through the windowed aggregation (record cache on): a figure carries the span of the checkout that made it. */
class ShopStatsTracingTest {

  private static final Instant NOON = Instant.parse("2025-03-01T12:00:00Z");

  @Test
  void aFigureContinuesTheTraceOfTheCheckoutItCounts() {
    try (TestTracing tracing = new TestTracing(); TopologyTestDriver driver = driver(tracing.tracing())) {
      TestInputTopic<String, CheckoutCompleted> in = input(driver);
      in.pipeInput(new TestRecord<>("s1", ShopStatsTopologyTest.checkout("s1", NOON, "EUR", 100, ShopStatsTopologyTest.line("a", 1)), new RecordHeaders(), NOON)); // untraced: no span
      in.pipeInput(new TestRecord<>("s1", ShopStatsTopologyTest.checkout("s1", NOON.plusSeconds(1), "EUR", 100, ShopStatsTopologyTest.line("a", 1)), TestTracing.traced(), NOON.plusSeconds(1)));

      List<TestRecord<String, ShopStats>> figures = output(driver).readRecordsToList();
      List<SpanData> spans = tracing.ended().stream().filter(s -> s.getName().equals("shop-stats")).toList();
      assertThat(spans).hasSize(1);
      assertThat(spans.get(0).getTraceId()).isEqualTo(TestTracing.TRACE_ID);
      assertThat(spans.get(0).getParentSpanId()).isEqualTo(TestTracing.PARENT_SPAN_ID);
      assertThat(figures).hasSize(2);
      assertThat(TestTracing.traceparent(figures.get(0).headers())).as("the untraced checkout's figure").isNull();
      assertThat(TestTracing.traceparent(figures.get(1).headers()))
          .isEqualTo("00-" + TestTracing.TRACE_ID + "-" + spans.get(0).getSpanId() + "-01");
    }
  }

  @Test
  void withTracingOffTheTopologyHasNoTraceStep() {
    assertThat(ShopStatsTopology.build(Duration.ofSeconds(10), 100, Clock.systemUTC()).describe().toString())
        .doesNotContain("checkouts-trace");
    try (TestTracing tracing = new TestTracing()) {
      assertThat(ShopStatsTopology.build(Duration.ofSeconds(10), 100, Clock.systemUTC(), tracing.tracing()).describe()
          .toString()).contains("checkouts-trace");
    }
  }

  private static TopologyTestDriver driver(RecordTracing tracing) {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "shop-stats-tracing-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    config.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/ttd-" + UUID.randomUUID());
    return new TopologyTestDriver(ShopStatsTopology.build(Duration.ofSeconds(10), 100,
        Clock.fixed(NOON.plusSeconds(30), ZoneOffset.UTC), tracing), config);
  }

  private static TestInputTopic<String, CheckoutCompleted> input(TopologyTestDriver driver) {
    return driver.createInputTopic(Topics.CHECKOUTS.name(), Topics.CHECKOUTS.keySerde().serializer(),
        Topics.CHECKOUTS.valueSerde().serializer());
  }

  private static TestOutputTopic<String, ShopStats> output(TopologyTestDriver driver) {
    return driver.createOutputTopic(Topics.SHOP_STATS.name(), Topics.SHOP_STATS.keySerde().deserializer(),
        Topics.SHOP_STATS.valueSerde().deserializer());
  }
}
