package io.herald.ingest.kafka;

import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;

/** The {@code 202} answer to an ingested event: where the broker stored it. */
public record AcceptedEvent(UUID eventId, String topic, int partition, long offset) {

  public static AcceptedEvent of(UUID eventId, RecordMetadata metadata) {
    return new AcceptedEvent(eventId, metadata.topic(), metadata.partition(), metadata.offset());
  }
}
