package io.herald.processors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** Runs every {@link StreamsProcessor} bean as its own KafkaStreams, with health and metrics. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProcessorsProperties.class)
class ProcessorsConfiguration {

  @Bean
  StreamsConfigFactory streamsConfigFactory(KafkaProperties kafka, KafkaConnectionDetails connection,
                                            ProcessorsProperties settings) {
    return new StreamsConfigFactory(kafka, connection, settings);
  }

  /**
   * Takes the KafkaAdmin so the topics it creates at context initialisation (the catalog's
   * NewTopics) are in place before {@link KafkaStreamsRunner#start()}; its client settings are also
   * the ones the topic check uses.
   */
  @Bean
  KafkaStreamsRunner kafkaStreamsRunner(ObjectProvider<StreamsProcessor> registered, StreamsConfigFactory configs,
                                        MeterRegistry meters, KafkaAdmin admin, KafkaProperties kafka,
                                        ProcessorsProperties settings) {
    List<StreamsProcessor> processors = registered.orderedStream().toList(); // none when all are disabled
    Set<String> ids = new HashSet<>();
    for (StreamsProcessor p : processors) {
      if (!ids.add(p.applicationId())) {
        // one consumer group for two topologies would split their partitions between them
        throw new IllegalStateException("two topologies share application.id " + p.applicationId());
      }
    }
    List<ManagedKafkaStreams> instances = processors.stream()
        .map(p -> new ManagedKafkaStreams(p, configs.configFor(p), meters)).toList();
    return new KafkaStreamsRunner(instances, admin.getConfigurationProperties(), settings,
        kafka.getStreams().isAutoStartup());
  }

  /** Kafka Streams' meters per task, node, topic and store only when asked for ({@link StreamsMeterDetail}). */
  @Bean
  MeterFilter heraldStreamsMeterDetail(ProcessorsProperties settings) {
    return settings.perTaskMetrics() ? new MeterFilter() { } : new StreamsMeterDetail();
  }

  /** {@code herald.processors.lag{processor}}: each topology's consumer-group lag, measured by the broker's offsets. */
  @Bean
  GroupLag processorsGroupLag(KafkaStreamsRunner runner, KafkaAdmin admin, MeterRegistry meters) {
    Map<String, String> groups = new LinkedHashMap<>();
    runner.instances().forEach(i -> groups.put(i.processor().name(), i.processor().applicationId()));
    return new GroupLag(groups, admin.getConfigurationProperties(), meters);
  }

  /** {@code /actuator/health} shows {@code kafkaStreams} with one component per topology. */
  @Bean
  HealthContributor kafkaStreams(KafkaStreamsRunner runner) {
    Map<String, HealthContributor> byName = new LinkedHashMap<>();
    runner.instances().forEach(i -> byName.put(i.processor().name(), new KafkaStreamsHealthIndicator(i)));
    return CompositeHealthContributor.fromMap(byName);
  }
}
