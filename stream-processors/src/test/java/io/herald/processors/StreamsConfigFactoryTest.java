package io.herald.processors;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.processors.dlq.DeadLetterDeserializationHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

class StreamsConfigFactoryTest {

  private final KafkaProperties kafka = new KafkaProperties();
  private final KafkaConnectionDetails connection = () -> List.of("broker-1:9093", "broker-2:9093");
  private final ProcessorsProperties settings =
      new ProcessorsProperties(Path.of("/var/lib/herald"), 2, Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(30),
          "instance-7", false);

  private Properties configFor(StreamsProcessor processor) {
    return new StreamsConfigFactory(kafka, connection, settings).configFor(processor);
  }

  private static StreamsProcessor processor(String name, String guarantee, Map<String, Object> overrides) {
    return new StreamsProcessor(name, "herald-" + name, guarantee, Topology::new, overrides);
  }

  @Test
  void eachTopologyGetsItsOwnIdentityAndGuaranteeOnSharedSettings() {
    kafka.getStreams().setApplicationId("one-id-for-all"); // must not leak into the topologies

    Properties stats = configFor(processor("shop-stats", StreamsConfig.EXACTLY_ONCE_V2, Map.of()));
    Properties fanout = configFor(processor("fan-out", StreamsConfig.AT_LEAST_ONCE, Map.of()));

    assertThat(stats).containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "herald-shop-stats")
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100L)
        .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2)
        .containsEntry("main.consumer.group.instance.id", "instance-7")
        .containsEntry(StreamsConfig.STATE_DIR_CONFIG, Path.of("/var/lib/herald").toString())
        .containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class)
        .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, List.of("broker-1:9093", "broker-2:9093"));
    assertThat(fanout).containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "herald-fan-out")
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    // StreamsConfig accepts the whole set (it validates types and enum values on construction)
    assertThat(new StreamsConfig(stats).getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
  }

  @Test
  void securitySettingsFromSpringKafkaReachStreams() {
    kafka.getSecurity().setProtocol("SASL_SSL");
    kafka.getProperties().put("sasl.mechanism", "SCRAM-SHA-512");
    kafka.getSsl().setTrustStoreLocation(new org.springframework.core.io.FileSystemResource("/etc/herald/truststore.p12"));
    kafka.getStreams().getProperties().put("statestore.cache.max.bytes", "1048576");

    Properties config = configFor(processor("shop-stats", StreamsConfig.EXACTLY_ONCE_V2, Map.of()));

    assertThat(config).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("statestore.cache.max.bytes", "1048576");
    assertThat(String.valueOf(config.get("ssl.truststore.location"))).endsWith("truststore.p12");
  }

  @Test
  void sharedClientIdIsMadeUniquePerTopologyAndOverridesWinLast() {
    kafka.setClientId("processors-7");

    Properties config = configFor(processor("shop-stats", StreamsConfig.EXACTLY_ONCE_V2,
        Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000L)));

    assertThat(config).containsEntry(StreamsConfig.CLIENT_ID_CONFIG, "processors-7-shop-stats")
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000L);
  }
}
