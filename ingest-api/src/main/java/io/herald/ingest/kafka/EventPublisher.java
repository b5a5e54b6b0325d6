package io.herald.ingest.kafka;

import io.herald.kafka.ReactiveProducer;
import io.herald.kafka.tracing.RecordTracing;
import io.herald.schemas.topics.TopicSpec;
import java.time.Instant;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sends records and completes only when the broker acknowledged them (acks=all). {@code send}
 * itself runs on the bounded-elastic scheduler: it can block for up to {@code max.block.ms} on
 * metadata or a full buffer, which must never happen on a Netty event loop. The acknowledgement is
 * bridged from the producer callback, never waited on with {@code get()}. With tracing on, the
 * record carries the request's trace context (written by the producer bridge).
 */
@Component
public class EventPublisher {

  private final Producer<String, byte[]> producer;
  private final RecordTracing tracing;

  public EventPublisher(Producer<String, byte[]> producer, RecordTracing tracing) {
    this.producer = producer;
    this.tracing = tracing;
  }

  /** Encodes {@code value} with the topic's catalog serde and sends it keyed by {@code key}. */
  public <V> Mono<RecordMetadata> publish(TopicSpec<String, V> topic, String key, V value, Instant timestamp) {
    return Mono.fromCallable(() -> topic.valueSerde().serializer().serialize(topic.name(), value))
        .flatMap(bytes -> publishEncoded(topic.name(), key, bytes, timestamp));
  }

  /** Sends already-encoded bytes (the outbox stores them encoded). */
  public Mono<RecordMetadata> publishEncoded(String topic, String key, byte[] value, Instant timestamp) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), key, value);
    return ReactiveProducer.send(producer, record, tracing);
  }
}
