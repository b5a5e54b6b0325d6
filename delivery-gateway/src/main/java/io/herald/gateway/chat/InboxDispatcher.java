package io.herald.gateway.chat;

import io.herald.events.Delivery;
import io.herald.kafka.DeadLetterPublisher;
import io.herald.schemas.topics.Topics;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Hands each {@code inbox} record (key = recipient) to the recipient's connections on this gateway,
 * every device of the user. Records of users not connected here are skipped without decoding the
 * value; a connected user's record is decoded and rendered once for all their devices. An
 * undecodable record goes to {@code <topic>.dlq}. Reads {@code inbox} (all of it) or, on a routed
 * gateway, its slot of {@code inbox-routes}: same key, same value. Every record handed to it is
 * counted ({@code herald.gateway.chat.reader.records{topic}}), what this gateway's chat reader costs.
 */
final class InboxDispatcher implements Consumer<ConsumerRecord<byte[], byte[]>> {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(InboxDispatcher.class);

  private final ConnectionRegistry registry;
  private final FrameWriter writer;
  private final DeadLetterPublisher deadLetters;
  private final ChatMetrics metrics;
  private final Counter read;
  private final DispatchedOffsets dispatched;

  InboxDispatcher(ConnectionRegistry registry, FrameWriter writer, DeadLetterPublisher deadLetters,
                  ChatMetrics metrics, String topic) {
    this(registry, writer, deadLetters, metrics, topic, null);
  }

  /** @param dispatched where to mark each record as dispatched (reading {@code inbox} itself), or null */
  InboxDispatcher(ConnectionRegistry registry, FrameWriter writer, DeadLetterPublisher deadLetters,
                  ChatMetrics metrics, String topic, DispatchedOffsets dispatched) {
    this.dispatched = dispatched;
    this.registry = registry;
    this.writer = writer;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.read = metrics.readerRecords(topic);
  }

  @Override
  public void accept(ConsumerRecord<byte[], byte[]> r) {
    read.increment();
    if (dispatched != null) {
      // BEFORE the registry look-up: a socket that registers and then reads the mark gets every
      // record at or after it live; those below it were looked up without it, maybe (InboxRecall#mark)
      dispatched.lookingUp(r.partition(), r.offset());
    }
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
    if (log.isDebugEnabled()) {
      log.debug("{}-{}@{} for {}: {} seq {} to {} connection(s)", r.topic(), r.partition(), r.offset(),
          d.getRecipientId(), d.getConversationId(), d.getSeq(), targets.length);
    }
    LiveItem.Message message = new LiveItem.Message(d.getConversationId(), d.getSeq(),
        writer.write(ServerFrame.Message.of(d)), r.timestamp());
    for (ChatConnection c : targets) {
      c.deliver(message);
    }
  }
}
