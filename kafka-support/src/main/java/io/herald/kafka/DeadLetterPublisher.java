package io.herald.kafka;

import io.herald.schemas.dlq.DeadLetters;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a plain consumer (gateway readers, chat projector, notifier) keeps a poison record: its raw
 * bytes go to {@code <topic>.dlq} ({@link DeadLetters}), asynchronously; a caller that must not commit
 * past it waits on the returned future. The producer is made on first use: most never see a poison
 * record. (Kafka Streams dead-letters through its own producer: see the processors' handlers.)
 */
public final class DeadLetterPublisher implements AutoCloseable {

  /** What happened to each dead letter, for metrics. */
  public interface Listener {
    Listener NONE = new Listener() {};

    default void publishing(ConsumerRecord<byte[], byte[]> record) {}

    default void failed(ConsumerRecord<byte[], byte[]> record, Exception failure) {}
  }

  private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

  private final Supplier<Producer<byte[], byte[]>> producerFactory;
  private final String stage;
  private final Listener listener;
  private volatile Producer<byte[], byte[]> producer;

  /** @param stage who found the record poisonous (the {@code herald.dlq.stage} header) unless a send names it */
  public DeadLetterPublisher(Supplier<Producer<byte[], byte[]>> producerFactory, String stage, Listener listener) {
    this.producerFactory = producerFactory;
    this.stage = stage;
    this.listener = listener;
  }

  /** The settings of a dead-letter producer reaching the same cluster, with the same security, as a consumer. */
  public static Map<String, Object> producerConfigLike(Map<String, Object> consumerConfig) {
    Map<String, Object> config = new HashMap<>();
    consumerConfig.forEach((k, v) -> {
      if (k.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) || k.equals(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)
          || k.equals(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG) || k.startsWith("ssl.") || k.startsWith("sasl.")) {
        config.put(k, v);
      }
    });
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return config;
  }

  public Future<RecordMetadata> publish(ConsumerRecord<byte[], byte[]> record, Exception error) {
    return publish(record, error, stage);
  }

  /** Sends the record's raw bytes to its {@code .dlq}; never blocks on the broker. */
  public Future<RecordMetadata> publish(ConsumerRecord<byte[], byte[]> record, Exception error, String stage) {
    listener.publishing(record);
    log.warn("record {}-{}@{} sent to {}{} ({}): {}", record.topic(), record.partition(), record.offset(),
        record.topic(), DeadLetters.SUFFIX, stage, error.toString());
    return producer().send(DeadLetters.record(record.topic(), record.partition(), record.offset(), record.key(),
        record.value(), record.headers(), error, stage), (meta, failure) -> {
          if (failure != null) {
            listener.failed(record, failure);
            log.error("could not dead-letter {}-{}@{}", record.topic(), record.partition(), record.offset(), failure);
          }
        });
  }

  private Producer<byte[], byte[]> producer() {
    Producer<byte[], byte[]> p = producer;
    if (p == null) {
      synchronized (this) {
        if (producer == null) {
          producer = producerFactory.get();
        }
        p = producer;
      }
    }
    return p;
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
      producer = null;
    }
  }
}
