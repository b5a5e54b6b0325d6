package io.herald.chat.projector;

import io.herald.schemas.dlq.DeadLetters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends poison records, raw and untouched, to {@code <topic>.dlq}. Used only on its owner's thread
 * (the projector's; the presence topology's global thread); the projector's {@link #awaitAll} must
 * succeed before the batch's offsets are committed, so a poison record is never dropped silently.
 */
public final class DeadLetterSink implements AutoCloseable {

  static final String STAGE_DECODE = "chat-projector:decode";
  static final String STAGE_APPLY = "chat-projector:apply";

  private final Producer<byte[], byte[]> producer;
  private final List<Future<RecordMetadata>> pending = new ArrayList<>();

  public DeadLetterSink(Producer<byte[], byte[]> producer) {
    this.producer = producer;
  }

  /** A producer that reaches the same cluster, with the same security settings, as the consumer. */
  public static DeadLetterSink connectedLike(Map<String, Object> consumerConfig) {
    Map<String, Object> config = new HashMap<>();
    consumerConfig.forEach((k, v) -> {
      if (k.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) || k.equals(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)
          || k.equals(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG) || k.startsWith("ssl.") || k.startsWith("sasl.")) {
        config.put(k, v);
      }
    });
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return new DeadLetterSink(new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()));
  }

  public void send(ConsumerRecord<byte[], byte[]> r, Exception error, String stage) {
    pending.add(producer.send(DeadLetters.record(r.topic(), r.partition(), r.offset(), r.key(), r.value(), r.headers(),
        error, stage)));
  }

  /** Waits for every send since the last call; throws if any failed (the batch is then retried). */
  public void awaitAll(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (Future<RecordMetadata> f : pending) {
        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot write to the dead-letter topic", e);
    } finally {
      pending.clear();
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
