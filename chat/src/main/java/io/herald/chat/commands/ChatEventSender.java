package io.herald.chat.commands;

import io.herald.schemas.topics.TopicSpec;
import java.time.Instant;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

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

  /**
   * Bridges the producer's callback. {@code send} runs on bounded-elastic because it can block up to
   * {@code max.block.ms} (metadata, full buffer), which must never happen on an event loop; the
   * result is handed off the producer's I/O thread, which must stay free.
   */
  static ChatEventSender of(Producer<String, byte[]> producer) {
    return record -> Mono.<RecordMetadata>create(sink -> producer.send(record, (metadata, error) -> {
          if (error != null) {
            sink.error(error);
          } else {
            sink.success(metadata);
          }
        }))
        .subscribeOn(Schedulers.boundedElastic())
        .publishOn(Schedulers.parallel());
  }
}
