package io.herald.examples.analytics;

import io.herald.schemas.dlq.DeadLetters;
import io.herald.schemas.serde.AvroSerde;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.HeraldInfra;
import io.herald.testkit.KafkaProbe;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/** What the tests look at on the shared broker: the job's output, its dead letters, its group's offsets. */
final class ShopDaysOnKafka {

  private static final AvroSerde<ShopDay> SHOP_DAYS = AvroSerde.of(ShopDay.class);

  private ShopDaysOnKafka() {}

  /** Settings of a job of its own: group, transactional id and output topic unique to the test. */
  static AnalyticsSettings settings(String name, int openDays) {
    return new AnalyticsSettings(HeraldInfra.kafkaBootstrapServers(), name + "-group", name + "-tx", name + ".shop-days",
        openDays, 5, (short) 1, Map.of());
  }

  /** The settings as the process's command line. */
  static List<String> args(AnalyticsSettings s) {
    return List.of("--bootstrap-servers=" + s.bootstrapServers(), "--group-id=" + s.groupId(),
        "--transactional-id=" + s.transactionalId(), "--output-topic=" + s.outputTopic(), "--open-days=" + s.openDays(),
        "--product-counters=" + s.productCounters(), "--replication-factor=" + s.replicationFactor());
  }

  /**
   * Starts the group at the current end of {@code checkouts}: the job then counts only what the test sends
   * (other tests' checkouts share the topic, and their days would close this test's).
   */
  static void startGroupAtEnd(String groupId) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> end = new HashMap<>();
    KafkaProbe.infra().endOffsets(Topics.CHECKOUTS.name())
        .forEach((p, offset) -> end.put(new TopicPartition(Topics.CHECKOUTS.name(), p), new OffsetAndMetadata(offset)));
    try (Admin admin = Admin.create(HeraldInfra.adminConfig())) {
      admin.alterConsumerGroupOffsets(groupId, end).all().get(30, TimeUnit.SECONDS);
    }
  }

  /** Every committed figure on the output topic, in order. */
  static List<ShopDay> published(String outputTopic) {
    return KafkaProbe.infra().readAll(outputTopic).stream().map(r -> SHOP_DAYS.deserialize(r.topic(), r.value())).toList();
  }

  /** The latest committed figures per key ({@code <day>/<shop>}). */
  static Map<String, ShopDay> latest(String outputTopic) {
    Map<String, ShopDay> out = new HashMap<>();
    published(outputTopic).forEach(d -> out.put(ShopDayFigures.key(d.getDay(), d.getShopId()), d));
    return out;
  }

  /** This job's committed dead letters of records keyed by one of the shops. */
  static List<ConsumerRecord<byte[], byte[]>> deadLetters(List<String> shops) {
    return KafkaProbe.infra().readAll(Topics.CHECKOUTS.name() + DeadLetters.SUFFIX).stream()
        .filter(r -> ShopDaysJob.STAGE.equals(header(r, DeadLetters.H_STAGE)))
        .filter(r -> r.key() != null && shops.contains(new String(r.key(), StandardCharsets.UTF_8)))
        .toList();
  }

  static String header(ConsumerRecord<?, ?> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** The group's committed offset per {@code checkouts} partition. */
  static Map<Integer, Long> committed(String groupId) throws Exception {
    try (Admin admin = Admin.create(HeraldInfra.adminConfig())) {
      ListConsumerGroupOffsetsResult result = admin.listConsumerGroupOffsets(groupId);
      return result.partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).entrySet().stream()
          .filter(e -> e.getKey().topic().equals(Topics.CHECKOUTS.name()) && e.getValue() != null)
          .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
    }
  }
}
