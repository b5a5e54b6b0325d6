package io.herald.ingest.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.HashMap;
import java.util.Map;
import io.herald.kafka.ReactiveProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ProducerFactory;

/**
 * One {@code KafkaProducer<String, byte[]>} for the service. Its settings start from Boot's
 * producer factory (so {@code spring.kafka.*} bootstrap servers, TLS, SASL and SSL bundles apply)
 * and then force the delivery guarantees Herald relies on. Made through the one producer bridge, which
 * keeps {@code send} from blocking: it waits up to {@code herald.ingest.kafka.max-block} for metadata or
 * buffer space on a timer, not on a thread ({@link ReactiveProducer}).
 */
@Configuration(proxyBeanMethods = false)
class ProducerConfiguration {

  @Bean(destroyMethod = "close")
  ReactiveProducer<String, byte[]> heraldIngestProducer(ProducerFactory<?, ?> bootFactory, KafkaSettings settings) {
    Map<String, Object> config = new HashMap<>(bootFactory.getConfigurationProperties());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5); // the most idempotence keeps ordered
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) settings.deliveryTimeout().toMillis());
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        (int) Math.min(settings.deliveryTimeout().toMillis() - settings.linger().toMillis(), 30_000));
    config.put(ProducerConfig.LINGER_MS_CONFIG, (int) settings.linger().toMillis());
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "herald-ingest");
    config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    return ReactiveProducer.create(config, new StringSerializer(), new ByteArraySerializer(), settings.maxBlock());
  }

  /** Producer metrics in /actuator/prometheus; closed with the context (it runs a refresh thread). */
  @Bean(destroyMethod = "close")
  KafkaClientMetrics heraldIngestProducerMetrics(ReactiveProducer<String, byte[]> producer, MeterRegistry registry) {
    KafkaClientMetrics metrics = new KafkaClientMetrics(producer.producer());
    metrics.bindTo(registry);
    return metrics;
  }
}
