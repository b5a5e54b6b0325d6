package io.herald.gateway.chat;

import io.herald.events.Delivery;
import io.herald.kafka.DeadLetterPublisher;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Hands each {@code inbox} record (key = recipient) to the recipient's connections on this gateway,
 * every device of the user. Records of users not connected here are skipped without decoding the
 * value; a connected user's record is decoded and rendered once for all their devices. An
 * undecodable record goes to {@code inbox.dlq}.
 */
final class InboxDispatcher implements Consumer<ConsumerRecord<byte[], byte[]>> {

  private final ConnectionRegistry registry;
  private final FrameWriter writer;
  private final DeadLetterPublisher deadLetters;
  private final ChatMetrics metrics;

  InboxDispatcher(ConnectionRegistry registry, FrameWriter writer, DeadLetterPublisher deadLetters,
                  ChatMetrics metrics) {
    this.registry = registry;
    this.writer = writer;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
  }

  @Override
  public void accept(ConsumerRecord<byte[], byte[]> r) {
    if (r.key() == null || r.value() == null) {
      return;
    }
    ChatConnection[] targets = registry.connectionsOf(new String(r.key(), StandardCharsets.UTF_8));
    if (targets == null) {
      return; // not connected here: never decoded
    }
    Delivery d;
    try {
      d = Topics.INBOX.valueSerde().deserializer().deserialize(r.topic(), r.headers(), r.value());
    } catch (SerializationException e) {
      deadLetters.publish(r, e);
      return;
    }
    metrics.dispatched(r.timestamp());
    LiveItem.Message message = new LiveItem.Message(d.getConversationId(), d.getSeq(),
        writer.write(ServerFrame.Message.of(d)), r.timestamp());
    for (ChatConnection c : targets) {
      c.deliver(message);
    }
  }
}
