package io.herald.processors;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.HeraldInfra;
import io.herald.testkit.KafkaProbe;
import io.herald.testkit.WithHeraldInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A topology's lag from its consumer group's committed offsets, on the real broker. */
@WithHeraldInfra
class GroupLagTest {

  @Test
  void lagIsWhatTheGroupHasNotCommittedAcrossPartitions() throws Exception {
    String topic = "lag-" + UUID.randomUUID();
    String group = "group-" + UUID.randomUUID();
    try (Admin admin = Admin.create(HeraldInfra.adminConfig())) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
      for (int i = 0; i < 5; i++) {
        KafkaProbe.infra().sendRaw(new ProducerRecord<>(topic, 0, null, ("a" + i).getBytes(StandardCharsets.UTF_8)));
      }
      for (int i = 0; i < 3; i++) {
        KafkaProbe.infra().sendRaw(new ProducerRecord<>(topic, 1, null, ("b" + i).getBytes(StandardCharsets.UTF_8)));
      }
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      GroupLag lag = new GroupLag(Map.of("demo", group), HeraldInfra.adminConfig(), meters);
      try {
        assertThat(gauge(meters)).as("before the first measurement").isEqualTo(-1);
        lag.refresh();
        assertThat(gauge(meters)).as("a group that never committed").isZero();

        admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2),
            new TopicPartition(topic, 1), new OffsetAndMetadata(3))).all().get(30, TimeUnit.SECONDS);
        lag.refresh();
        assertThat(gauge(meters)).as("3 behind on partition 0, none on 1").isEqualTo(3);

        KafkaProbe.infra().sendRaw(new ProducerRecord<>(topic, 1, null, "late".getBytes(StandardCharsets.UTF_8)));
        lag.refresh();
        assertThat(gauge(meters)).isEqualTo(4);
      } finally {
        lag.stop();
      }
    }
  }

  private static double gauge(SimpleMeterRegistry meters) {
    return meters.get("herald.processors.lag").tag("processor", "demo").gauge().value();
  }
}
