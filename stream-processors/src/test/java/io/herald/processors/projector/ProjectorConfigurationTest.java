package io.herald.processors.projector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The projector's consumer: Boot's settings, then its own batching and static membership. */
class ProjectorConfigurationTest {

  private static ProjectorProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("herald.processors.projector", ProjectorProperties.class);
  }

  @Test
  void fetchesWaitForALargerBatchByDefault() {
    Map<String, Object> config = ProjectorConfiguration.consumerConfig(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092"), bind(Map.of()), "node-1");

    assertThat(config)
        .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092")
        .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "node-1-projector")
        .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100)
        .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1024 * 1024);
  }

  @Test
  void theProjectorsSettingsWinOverBoots() {
    Map<String, Object> config = ProjectorConfiguration.consumerConfig(
        Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500, ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1),
        bind(Map.of("herald.processors.projector.fetch-wait", "250ms",
            "herald.processors.projector.fetch-min-size", "64KB")), "node-1");

    assertThat(config)
        .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 250)
        .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
  }
}
