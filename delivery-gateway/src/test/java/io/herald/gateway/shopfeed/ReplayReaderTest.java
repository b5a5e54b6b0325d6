package io.herald.gateway.shopfeed;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.gateway.ShopEvents;
import io.herald.schemas.topics.TopicSpec;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The replay's merge across topics, key filter, bounds and poison handling, on a mock consumer. */
class ReplayReaderTest {

  private static final String SHOP = "shop-a";
  private static final String OTHER = "shop-b";
  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final AtomicInteger undecodable = new AtomicInteger();

  ReplayReaderTest() {
    Map<TopicPartition, Long> begin = new HashMap<>();
    Map<TopicPartition, Long> end = new HashMap<>();
    for (FeedTopic t : FeedTopic.ALL) {
      begin.put(tp(t), 0L);
    }
    end.put(tp(FeedTopic.CHECKOUT), 3L); // a checkout at offset 3 arrives after the replay started
    end.put(tp(FeedTopic.MESSAGE), 2L);
    end.put(tp(FeedTopic.STATS), 2L);
    consumer.updateBeginningOffsets(begin);
    consumer.updateEndOffsets(end);
  }

  private void addLog() {
    add(Topics.CHECKOUTS, 0, 100, SHOP, ShopEvents.checkout(SHOP, "c0"));
    add(Topics.CHECKOUTS, 1, 105, OTHER, ShopEvents.checkout(OTHER, "other"));
    add(Topics.CHECKOUTS, 2, 130, SHOP, ShopEvents.checkout(SHOP, "c2"));
    add(Topics.CHECKOUTS, 3, 131, SHOP, ShopEvents.checkout(SHOP, "c3-after-end"));
    add(Topics.SHOP_MESSAGES, 0, 110, SHOP, ShopEvents.message(SHOP, "m0"));
    add(Topics.SHOP_MESSAGES, 1, 130, SHOP, ShopEvents.message(SHOP, "m1"));
    addRaw(FeedTopic.STATS, 0, 120, SHOP, "poison".getBytes(StandardCharsets.UTF_8));
    add(Topics.SHOP_STATS, 1, 90, SHOP, ShopEvents.stats(SHOP, 1)); // an earlier time later in the log
  }

  @Test
  void mergesTheShopsEventsByTimeThenTopicSkippingOtherShopsPoisonAndRecordsPastTheEnd() {
    ReplayReader reader = reader(new ReplayStart.FromPosition(new FeedPosition(new long[] {0, 0, 0})));

    assertThat(reader.next()).isEqualTo(new FeedPosition(new long[] {0, 0, 0}));
    addLog();
    List<String> out = drain(reader);

    assertThat(out).containsExactly("checkout@0", "message@0", "stats@1", "checkout@2", "message@1", "end[3, 2, 2]");
    assertThat(undecodable).hasValue(1);
  }

  @Test
  void resumingMidwayContinuesTheSameSequence() {
    ReplayReader reader = reader(new ReplayStart.FromPosition(new FeedPosition(new long[] {1, 1, 2})));

    assertThat(reader.next()).isEqualTo(new FeedPosition(new long[] {1, 1, 2}));
    addLog();

    assertThat(drain(reader)).containsExactly("checkout@2", "message@1", "end[3, 2, 2]");
  }

  @Test
  void aCursorPastTheEndStartsAtTheEnd() {
    ReplayReader reader = reader(new ReplayStart.FromPosition(new FeedPosition(new long[] {99, 0, 2})));

    assertThat(reader.next()).isEqualTo(new FeedPosition(new long[] {3, 0, 2}));
    addLog();

    assertThat(drain(reader)).containsExactly("message@0", "message@1", "end[3, 2, 2]");
  }

  @Test
  void closingClosesTheConsumer() {
    ReplayReader reader = reader(new ReplayStart.FromPosition(new FeedPosition(new long[] {0, 0, 0})));
    reader.next();

    reader.close();

    assertThat(consumer.closed()).isTrue();
  }

  private ReplayReader reader(ReplayStart start) {
    return new ReplayReader(consumer, new FeedDecoder(JsonMapper.builder().build()), SHOP, 0, start,
        Duration.ofMillis(10), Duration.ofSeconds(5), undecodable::incrementAndGet);
  }

  private static List<String> drain(ReplayReader reader) {
    List<String> out = new ArrayList<>();
    for (FeedSignal s = reader.next(); s != null; s = reader.next()) {
      if (s instanceof FeedEvent e) {
        assertThat(e.shopId()).isEqualTo(SHOP);
        out.add(e.topic().eventName() + "@" + e.offset());
      } else {
        out.add("end" + java.util.Arrays.toString(((FeedPosition) s).next()));
      }
    }
    return out;
  }

  private <V> void add(TopicSpec<String, V> topic, long offset, long timestamp, String key, V value) {
    addRaw(FeedTopic.ofTopic(topic.name()), offset, timestamp, key, topic.valueSerde().serializer().serialize(topic.name(), value));
  }

  private void addRaw(FeedTopic topic, long offset, long timestamp, String key, byte[] value) {
    consumer.addRecord(new ConsumerRecord<>(topic.topicName(), 0, offset, timestamp, TimestampType.CREATE_TIME,
        key.length(), value.length, key.getBytes(StandardCharsets.UTF_8), value, new RecordHeaders(), Optional.empty()));
  }

  private static TopicPartition tp(FeedTopic t) {
    return new TopicPartition(t.topicName(), 0);
  }
}
