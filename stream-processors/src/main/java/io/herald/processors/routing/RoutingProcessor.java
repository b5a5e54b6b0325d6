package io.herald.processors.routing;

import io.herald.processors.StreamsProcessor;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the delivery routing topology with the service's Kafka Streams runner: only when
 * {@code herald.processors.routing.enabled} (off by default; it is for gateways in routed mode, and
 * reading every inbox record for nobody cost ~7 % of the standalone platform's CPU under chat load).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "herald.processors.routing.enabled")
@EnableConfigurationProperties(RoutingProperties.class)
public class RoutingProcessor {

  @Bean
  StreamsProcessor routingStreams(RoutingProperties settings) {
    int max = settings.maxSessionsPerUser();
    return new StreamsProcessor("routing", settings.applicationId(), settings.processingGuarantee(),
        () -> RoutingTopology.build(max), overrides());
  }

  /** A routed delivery is one more hop on the chat path: Streams' producer would linger 100 ms on it. */
  static Map<String, Object> overrides() {
    return Map.of(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
  }
}
