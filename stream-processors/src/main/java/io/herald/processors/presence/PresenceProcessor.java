package io.herald.processors.presence;

import io.herald.processors.StreamsProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the presence topology with the service's Kafka Streams runner. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "herald.processors.presence.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PresenceProperties.class)
public class PresenceProcessor {

  @Bean
  StreamsProcessor presenceStreams(PresenceProperties settings) {
    PresenceLimits limits = settings.limits();
    return new StreamsProcessor("presence", settings.applicationId(), settings.processingGuarantee(),
        () -> PresenceTopology.build(limits));
  }
}
