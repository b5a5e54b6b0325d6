package io.herald.processors.notifications;

import io.herald.processors.StreamsProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the notifications topology with the service's Kafka Streams runner. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "herald.processors.notifications.enabled", matchIfMissing = true)
@EnableConfigurationProperties(NotificationProperties.class)
public class NotificationProcessor {

  @Bean
  StreamsProcessor notificationStreams(NotificationProperties settings) {
    NotificationLimits limits = settings.limits();
    return new StreamsProcessor("notifications", settings.applicationId(), settings.processingGuarantee(),
        () -> NotificationTopology.build(limits));
  }
}
