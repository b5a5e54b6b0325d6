package io.herald.gateway.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.herald.kafka.tracing.RecordTracing;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Makes the gateway's raw-bytes Kafka clients from Boot's resolved client settings
 * ({@code spring.kafka.*}, connection details, SSL bundles), so TLS and SASL apply unchanged.
 * Consumers never join a group: they are assigned partitions and commit nothing. Carries the
 * gateway's {@link RecordTracing}, which its readers ({@link TopicTail}) continue traces with.
 */
public final class KafkaClients {

  private final Map<String, Object> consumerBase;
  private final Map<String, Object> producerBase;
  private final int maxPollRecords;
  private final AtomicInteger consumers = new AtomicInteger();
  private final MeterRegistry meters;
  private final RecordTracing tracing;

  /** Without meters (readers' lag gauges go nowhere). */
  public KafkaClients(Map<String, Object> consumerConfig, Map<String, Object> producerConfig, int maxPollRecords) {
    this(consumerConfig, producerConfig, maxPollRecords, new CompositeMeterRegistry(), RecordTracing.OFF);
  }

  /**
   * @param meters where the readers built on these clients report their lag ({@code herald.gateway.reader.lag})
   * @param tracing how records read through these clients continue their traces
   */
  public KafkaClients(Map<String, Object> consumerConfig, Map<String, Object> producerConfig, int maxPollRecords,
                      MeterRegistry meters, RecordTracing tracing) {
    this.consumerBase = Map.copyOf(consumerConfig);
    this.producerBase = Map.copyOf(producerConfig);
    this.maxPollRecords = maxPollRecords;
    this.meters = meters;
    this.tracing = tracing;
  }

  /** The registry of the service these clients belong to. */
  public MeterRegistry meters() {
    return meters;
  }

  /** How records read through these clients continue their traces ({@link RecordTracing#OFF} by default). */
  public RecordTracing tracing() {
    return tracing;
  }

  /**
   * @param autoOffsetReset where to go when a position falls outside the log (retention):
   *     "latest" for the live feed, "earliest" for replays
   */
  public Consumer<byte[], byte[]> consumer(String clientId, String autoOffsetReset) {
    return consumer(clientId, autoOffsetReset, Map.of());
  }

  /** @param overrides applied last, e.g. {@code isolation.level=read_committed} for exactly-once topics */
  public Consumer<byte[], byte[]> consumer(String clientId, String autoOffsetReset, Map<String, Object> overrides) {
    Map<String, Object> config = new HashMap<>(consumerBase);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-" + consumers.incrementAndGet());
    config.putAll(overrides);
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  public Producer<byte[], byte[]> producer(String clientId) {
    Map<String, Object> config = new HashMap<>(producerBase);
    config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
