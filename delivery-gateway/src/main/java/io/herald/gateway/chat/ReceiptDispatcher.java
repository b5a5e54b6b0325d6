package io.herald.gateway.chat;

import io.herald.chat.commands.MembershipCache;
import io.herald.events.DeliveryState;
import io.herald.gateway.shopfeed.DeadLetterPublisher;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Turns each {@code delivery-state} record (key = conversation) into a {@code receipt} frame for the
 * conversation's members connected here: how senders see their ticks move. The record names its
 * members (the keys of its cursors), so it is decoded whenever anyone is connected here; it is
 * rendered once. Tombstones are skipped; an undecodable record goes to {@code delivery-state.dlq}.
 * The members are also handed to the {@link ChatObserver} (presence learns new contacts from them),
 * and the state to the {@link MembershipCache} (a record skipped undecoded, because nobody is
 * connected here, drops the conversation from the cache instead, so it never answers from a stale
 * member set).
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
    if (r.value() == null || registry.isEmpty()) {
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
