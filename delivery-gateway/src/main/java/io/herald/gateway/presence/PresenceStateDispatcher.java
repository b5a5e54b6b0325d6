package io.herald.gateway.presence;

import io.herald.events.PresenceState;
import io.herald.kafka.DeadLetterPublisher;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Applies each {@code presence-state} record (key user_id) to the table and, when that changed
 * anything, tells the sockets here that follow the user. A tombstone forgets the user; an
 * undecodable record goes to {@code presence-state.dlq}; keys beyond the processor's id limit are
 * skipped.
 */
final class PresenceStateDispatcher implements Consumer<ConsumerRecord<byte[], byte[]>> {

  /** The presence processor refuses longer ids. */
  static final int MAX_ID_LENGTH = 256;

  private final PresenceTable table;
  private final ContactIndex index;
  private final DeadLetterPublisher deadLetters;

  PresenceStateDispatcher(PresenceTable table, ContactIndex index, DeadLetterPublisher deadLetters) {
    this.table = table;
    this.index = index;
    this.deadLetters = deadLetters;
  }

  @Override
  public void accept(ConsumerRecord<byte[], byte[]> r) {
    if (r.key() == null || r.key().length == 0 || r.key().length > 4 * MAX_ID_LENGTH) {
      return;
    }
    String userId = new String(r.key(), StandardCharsets.UTF_8);
    if (userId.length() > MAX_ID_LENGTH) {
      return;
    }
    PresenceView view = null;
    if (r.value() != null) {
      try {
        PresenceState s = Topics.PRESENCE_STATE.valueSerde().deserializer().deserialize(r.topic(), r.headers(), r.value());
        view = PresenceView.of(s);
      } catch (SerializationException e) {
        deadLetters.publish(r, e);
        return;
      }
    }
    if (table.apply(userId, view)) {
      index.changed(userId);
    }
  }
}
