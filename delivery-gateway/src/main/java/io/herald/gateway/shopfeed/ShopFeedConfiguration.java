package io.herald.gateway.shopfeed;

import io.herald.gateway.kafka.KafkaClients;
import io.herald.gateway.kafka.FeedProperties;
import io.herald.gateway.kafka.GatewayDeadLetters;
import io.herald.kafka.tracing.RecordTracing;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class ShopFeedConfiguration {

  /** Boot's factories carry the resolved spring.kafka.* settings (servers, TLS, SASL); we only read their config. */
  @Bean
  KafkaClients gatewayKafkaClients(ConsumerFactory<?, ?> consumers, ProducerFactory<?, ?> producers, FeedProperties props,
                                   MeterRegistry meters, RecordTracing tracing) {
    return new KafkaClients(consumers.getConfigurationProperties(), producers.getConfigurationProperties(),
        props.maxPollRecords(), meters, tracing);
  }

  @Bean
  FeedDecoder feedDecoder(JsonMapper json) {
    return new FeedDecoder(json);
  }

  @Bean
  ShopFeedHub shopFeedHub(KafkaClients clients, FeedDecoder decoder, FeedProperties props, MeterRegistry meters) {
    ShopFeedHub hub = new ShopFeedHub(clients, decoder,
        GatewayDeadLetters.publisher(clients, "herald-gateway-dlq", meters), props);
    Gauge.builder("herald.gateway.feed.live.consumers", hub, ShopFeedHub::consumersCreated)
        .description("live Kafka consumers created by this gateway (one for its life)").register(meters);
    Gauge.builder("herald.gateway.feed.watched.shops", hub, ShopFeedHub::watchedShops)
        .description("shops with at least one open stream").register(meters);
    return hub;
  }

  @Bean
  ShopReplayer shopReplayer(KafkaClients clients, FeedDecoder decoder, FeedProperties props, MeterRegistry meters) {
    ShopReplayer replayer = new ShopReplayer(clients, decoder, props, meters);
    Gauge.builder("herald.gateway.replays.active", replayer, ShopReplayer::activeReplays)
        .description("replays running now").register(meters);
    return replayer;
  }

  @Bean
  ShopFeedHealth shopFeedHealthIndicator(ShopFeedHub hub) {
    return new ShopFeedHealth(hub);
  }
}
