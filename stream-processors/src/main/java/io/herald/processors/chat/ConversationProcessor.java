package io.herald.processors.chat;

import io.herald.chat.ChatSettings;
import io.herald.kafka.tracing.RecordTracing;
import io.herald.processors.StreamsProcessor;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the conversation fan-out and receipts topology with the service's Kafka Streams runner. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "herald.processors.conversations.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ConversationProperties.class, ChatSettings.class})
public class ConversationProcessor {

  @Bean
  StreamsProcessor conversationStreams(ConversationProperties settings, ChatSettings chat, RecordTracing tracing) {
    return new StreamsProcessor("conversations", settings.applicationId(), StreamsConfig.EXACTLY_ONCE_V2,
        () -> ConversationTopology.build(settings.limits(chat), tracing), overrides(settings));
  }

  /**
   * The required guarantee, then latency: Streams' producer lingers 100 ms by default and backs off
   * 100 ms after CONCURRENT_TRANSACTIONS, which deliveries would wait (the gateway reads the deliveries uncommitted, so the commit is not on the
   * path; see docs/architecture.md, chat latency).
   */
  static Map<String, Object> overrides(ConversationProperties settings) {
    Map<String, Object> config = new HashMap<>(ConversationTopology.requiredConfig());
    config.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), (int) settings.linger().toMillis());
    // The first produce of each transaction often meets CONCURRENT_TRANSACTIONS (the previous one's
    // markers are still being written) and is retried after retry.backoff.ms (100 ms by default);
    // a short first back-off (still exponential up to retry.backoff.max.ms) keeps that off the path.
    config.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 5);
    config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
    config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
    return config;
  }
}
