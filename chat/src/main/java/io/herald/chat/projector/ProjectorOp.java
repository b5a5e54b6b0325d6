package io.herald.chat.projector;

import io.herald.events.Delivery;
import io.herald.events.DeliveryState;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

/**
 * One decoded record and the write it asks for. A message (the sender's copy of a delivery) is
 * written in bulk with the batch's other messages; a state replaces the conversation's previous one
 * when it is newer, so of a conversation's states in one batch only the newest is written.
 *
 * @param message the sender's copy for a message op, else null
 * @param state the conversation's accepted state for a state op, else null
 * @param tombstone whether the op deletes the conversation from the read model
 */
record ProjectorOp(ConsumerRecord<byte[], byte[]> source, String conversationId,
                   Function<ProjectorWrites, Mono<Outcome>> write, Delivery message, DeliveryState state,
                   boolean tombstone) {

  static ProjectorOp message(ConsumerRecord<byte[], byte[]> source, Delivery d) {
    return new ProjectorOp(source, d.getConversationId(), w -> w.applyMessage(d), d, null, false);
  }

  static ProjectorOp state(ConsumerRecord<byte[], byte[]> source, DeliveryState s) {
    return new ProjectorOp(source, s.getConversationId(), w -> w.applyState(s, source.partition(), source.offset()),
        null, s, false);
  }

  static ProjectorOp tombstone(ConsumerRecord<byte[], byte[]> source, String conversationId) {
    return new ProjectorOp(source, conversationId, w -> w.deleteState(conversationId), null, null, true);
  }

  /** This state op as a write of a bulk ({@link ProjectorWrites#applyStates}). */
  ProjectorWrites.StateWrite stateWrite() {
    return new ProjectorWrites.StateWrite(state, source.partition(), source.offset());
  }

  /**
   * Whether this state would lose to {@code other} by the guard of {@link ProjectorWrites#applyState}
   * (a higher lastSeq, or the same from a later offset of the one delivery-state partition).
   */
  boolean olderThan(ProjectorOp other) {
    long seq = state.getLastSeq();
    long otherSeq = other.state.getLastSeq();
    return otherSeq > seq || (otherSeq == seq && other.source.offset() > source.offset());
  }
}
