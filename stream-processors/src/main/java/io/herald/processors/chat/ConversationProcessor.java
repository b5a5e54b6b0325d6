package io.herald.processors.chat;

import io.herald.processors.StreamsProcessor;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the conversation fan-out and receipts topology with the service's Kafka Streams runner. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "herald.processors.conversations.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ConversationProperties.class)
public class ConversationProcessor {

  @Bean
  StreamsProcessor conversationStreams(ConversationProperties settings) {
    return new StreamsProcessor("conversations", settings.applicationId(), StreamsConfig.EXACTLY_ONCE_V2,
        () -> ConversationTopology.build(settings.limits()), ConversationTopology.requiredConfig());
  }
}
