package io.herald.chat.commands;

import io.herald.kafka.ReactiveProducer;
import io.herald.kafka.tracing.RecordTracing;
import io.herald.schemas.topics.TopicSpec;
import java.time.Instant;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import reactor.core.publisher.Mono;

/**
 * How {@link ChatCommands} produces: completes with the broker's acknowledgement. Hosts pass
 * {@link #of(Producer)} (configured with acks=all and idempotence) or their own publisher.
 */
@FunctionalInterface
public interface ChatEventSender {

  Mono<RecordMetadata> send(ProducerRecord<String, byte[]> record);

  /** Encodes with the topic's catalog serde; record timestamp = the event's occurred_at. */
  default <V> Mono<RecordMetadata> publish(TopicSpec<String, V> topic, String key, V value, Instant occurredAt) {
    return Mono.fromCallable(() -> topic.valueSerde().serializer().serialize(topic.name(), value))
        .flatMap(bytes -> send(new ProducerRecord<>(topic.name(), null, occurredAt.toEpochMilli(), key, bytes)));
  }

  /** A producer made elsewhere, through the one producer bridge: acknowledged, its sends on bounded-elastic. */
  static ChatEventSender of(Producer<String, byte[]> producer) {
    return of(ReactiveProducer.wrap(producer), RecordTracing.OFF);
  }

  /**
   * Through the one producer bridge ({@link ReactiveProducer}): acknowledged, never blocking an event
   * loop, writing the caller's trace context into each record when {@code tracing} is on.
   */
  static ChatEventSender of(ReactiveProducer<String, byte[]> producer, RecordTracing tracing) {
    return record -> producer.send(record, tracing);
  }
}
