package io.herald.gateway.chat;

import io.herald.chat.commands.MembershipCache;
import io.herald.events.DeliveryState;
import io.herald.kafka.DeadLetterPublisher;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Turns each {@code delivery-state} record (key = conversation) into a {@code receipt} frame for the
 * conversation's members connected here: how senders see their ticks move. Every record is decoded
 * (it names its members, the keys of its cursors) and handed to the {@link MembershipCache}, so
 * sends and receipts find any conversation active since start in memory; the frame is rendered
 * once, when a member is connected here. A tombstone or an undecodable record (which goes to
 * {@code delivery-state.dlq}) drops the conversation from the cache, so it never answers from a
 * stale member set. The members are also handed to the {@link ChatObserver} (presence learns new
 * contacts from them).
 */
final class ReceiptDispatcher implements Consumer<ConsumerRecord<byte[], byte[]>> {

  private final ConnectionRegistry registry;
  private final FrameWriter writer;
  private final DeadLetterPublisher deadLetters;
  private final ChatObserver observer;
  private final MembershipCache membership;

  ReceiptDispatcher(ConnectionRegistry registry, FrameWriter writer, DeadLetterPublisher deadLetters,
                    ChatObserver observer, MembershipCache membership) {
    this.membership = membership;
    this.registry = registry;
    this.writer = writer;
    this.deadLetters = deadLetters;
    this.observer = observer;
  }

  @Override
  public void accept(ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null) {
      if (r.key() != null) {
        membership.invalidate(new String(r.key(), StandardCharsets.UTF_8));
      }
      return;
    }
    DeliveryState s;
    try {
      s = Topics.DELIVERY_STATE.valueSerde().deserializer().deserialize(r.topic(), r.headers(), r.value());
    } catch (SerializationException e) {
      if (r.key() != null) {
        membership.invalidate(new String(r.key(), StandardCharsets.UTF_8));
      }
      deadLetters.publish(r, e);
      return;
    }
    membership.accept(s);
    if (registry.isEmpty()) {
      return;
    }
    String json = null;
    for (String member : s.getCursors().keySet()) {
      ChatConnection[] targets = registry.connectionsOf(member);
      if (targets == null) {
        continue;
      }
      if (json == null) {
        json = writer.write(ServerFrame.Receipt.of(s));
      }
      for (ChatConnection c : targets) {
        c.receipt(s.getConversationId(), json);
      }
    }
    if (json != null) {
      observer.members(s.getConversationId(), s.getCursors().keySet());
    }
  }
}
