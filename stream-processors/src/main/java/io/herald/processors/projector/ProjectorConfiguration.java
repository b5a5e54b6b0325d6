package io.herald.processors.projector;

import com.mongodb.reactivestreams.client.MongoClient;
import io.herald.chat.projector.ProjectorCounters;
import io.herald.mongo.MongoClientFactory;
import io.herald.processors.ProcessorsProperties;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;

/** Wires the chat projector: Kafka settings from Boot (TLS/SASL included), its own Mongo client. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "herald.processors.projector.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ProjectorProperties.class)
public class ProjectorConfiguration {

  @Bean(destroyMethod = "close")
  MongoClient projectorMongoClient(ProjectorProperties settings, MeterRegistry meters) {
    return MongoClientFactory.create(settings.mongoUri(), settings.mongoTimeout(), settings.mongoMaxPoolSize(), meters);
  }

  @Bean
  ProjectorLifecycle chatProjector(ConsumerFactory<?, ?> consumers, MongoClient projectorMongoClient,
                                   ProjectorProperties settings, ProcessorsProperties processors, MeterRegistry meters) {
    ProjectorLifecycle lifecycle = new ProjectorLifecycle(
        consumerConfig(consumers.getConfigurationProperties(), settings, processors.resolvedInstanceId()),
        projectorMongoClient, settings.database());
    counter(meters, "applied", lifecycle, ProjectorCounters::applied);
    counter(meters, "unchanged", lifecycle, ProjectorCounters::unchanged);
    counter(meters, "stale", lifecycle, ProjectorCounters::stale);
    counter(meters, "ignored", lifecycle, ProjectorCounters::ignored);
    counter(meters, "dead-lettered", lifecycle, ProjectorCounters::deadLettered);
    counter(meters, "failed-batches", lifecycle, ProjectorCounters::failedBatches);
    Gauge.builder("herald.projector.lag", lifecycle, l -> value(l, ProjectorCounters::lag))
        .description("records behind the end of delivery-state and inbox").register(meters);
    return lifecycle;
  }

  /** Boot's consumer settings, then the projector's own. */
  static Map<String, Object> consumerConfig(Map<String, Object> boot, ProjectorProperties settings, String instanceId) {
    Map<String, Object> config = new HashMap<>(boot);
    // Static membership: restarted after a crash, the projector resumes at once (see InstanceIdentity).
    config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId + "-projector");
    // Fewer, larger batches: each costs a few MongoDB commands whatever its size (docs/architecture.md).
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) settings.fetchWait().toMillis());
    config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, (int) Math.min(Integer.MAX_VALUE, settings.fetchMinSize().toBytes()));
    return config;
  }

  @Bean
  HealthIndicator chatProjectorHealth(ProjectorLifecycle lifecycle) {
    return () -> lifecycle.isRunning() ? Health.up().build() : Health.down().withDetail("projector", "not running").build();
  }

  private static void counter(MeterRegistry meters, String outcome, ProjectorLifecycle lifecycle,
                              ToDoubleFunction<ProjectorCounters> read) {
    FunctionCounter.builder("herald.projector.records", lifecycle, l -> value(l, read))
        .tag("outcome", outcome).register(meters);
  }

  private static double value(ProjectorLifecycle lifecycle, ToDoubleFunction<ProjectorCounters> read) {
    var p = lifecycle.projector();
    return p == null ? 0 : read.applyAsDouble(p.counters());
  }
}
