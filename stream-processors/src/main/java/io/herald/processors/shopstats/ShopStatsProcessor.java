package io.herald.processors.shopstats;

import io.herald.kafka.tracing.RecordTracing;
import io.herald.processors.StreamsProcessor;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the shop figures topology with the service's Kafka Streams runner. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "herald.processors.shop-stats.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ShopStatsProperties.class)
public class ShopStatsProcessor {

  @Bean
  StreamsProcessor shopStatsStreams(ShopStatsProperties settings, RecordTracing tracing) {
    return new StreamsProcessor("shop-stats", settings.applicationId(), settings.processingGuarantee(),
        () -> ShopStatsTopology.build(settings.grace(), settings.maxSkus(), Clock.systemUTC(), tracing));
  }
}
