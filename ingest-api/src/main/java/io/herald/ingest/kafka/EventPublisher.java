package io.herald.ingest.kafka;

import io.herald.kafka.ReactiveProducer;
import io.herald.kafka.tracing.RecordTracing;
import io.herald.schemas.topics.TopicSpec;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sends records and completes only when the broker acknowledged them (acks=all), through the one
 * producer bridge ({@link ReactiveProducer}): {@code send} never blocks the event loop it runs on
 * (waits for metadata or buffer space go on a timer), the acknowledgement comes back on that event
 * loop. With tracing on, the record carries the request's trace context (written by the bridge).
 */
@Component
public class EventPublisher {

  private final ReactiveProducer<String, byte[]> producer;
  private final RecordTracing tracing;

  public EventPublisher(ReactiveProducer<String, byte[]> producer, RecordTracing tracing) {
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
    return producer.send(record, tracing);
  }
}
