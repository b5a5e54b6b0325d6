package io.herald.chat.projector;

import io.herald.events.Delivery;
import io.herald.events.DeliveryState;
import io.herald.schemas.topics.Topics;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;

/** Turns raw records of the two source topics into writes; throws for undecodable ones (they go to the DLQ). */
final class ProjectorDecoder {

  private ProjectorDecoder() {}

  /** The write for this record, or empty when the read model does not need it. */
  static Optional<ProjectorOp> decode(ConsumerRecord<byte[], byte[]> r) {
    String topic = r.topic();
    if (topic.equals(Topics.DELIVERY_STATE.name())) {
      return state(r);
    }
    if (topic.equals(Topics.INBOX.name())) {
      return delivery(r);
    }
    throw new SerializationException("the chat projector does not read topic " + topic);
  }

  private static Optional<ProjectorOp> state(ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null) {
      String key = r.key() == null ? null
          : Topics.DELIVERY_STATE.keySerde().deserializer().deserialize(r.topic(), r.headers(), r.key());
      return key == null ? Optional.empty()
          : Optional.of(ProjectorOp.tombstone(r, key));
    }
    DeliveryState s = Topics.DELIVERY_STATE.valueSerde().deserializer().deserialize(r.topic(), r.headers(), r.value());
    return Optional.of(ProjectorOp.state(r, s));
  }

  /**
   * Only the sender's own copy: every accepted message has exactly one (the sender is a member when
   * it is accepted), so the message is stored once however many members it fanned out to.
   */
  private static Optional<ProjectorOp> delivery(ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null) {
      return Optional.empty();
    }
    Delivery d = Topics.INBOX.valueSerde().deserializer().deserialize(r.topic(), r.headers(), r.value());
    if (!d.getRecipientId().equals(d.getSenderId())) {
      return Optional.empty();
    }
    return Optional.of(ProjectorOp.message(r, d));
  }
}
