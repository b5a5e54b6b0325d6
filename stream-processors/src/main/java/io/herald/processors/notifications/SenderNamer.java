package io.herald.processors.notifications;

import io.herald.events.Delivery;
import io.herald.processors.notifications.state.NotificationProfile;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs on deliveries re-keyed by sender, where the sender's profile is local: writes the sender's
 * display name into a header ({@value #SENDER_NAME}) that travels with the delivery to the recipient's task.
 */
final class SenderNamer implements FixedKeyProcessor<String, Delivery, Delivery> {

  static final String SENDER_NAME = "herald.notify.sender-name";

  private FixedKeyProcessorContext<String, Delivery> context;
  private KeyValueStore<String, NotificationProfile> profiles;

  @Override
  public void init(FixedKeyProcessorContext<String, Delivery> context) {
    this.context = context;
    this.profiles = context.getStateStore(NotificationTopology.PROFILE_STORE);
  }

  @Override
  public void process(FixedKeyRecord<String, Delivery> record) {
    Headers headers = new RecordHeaders(record.headers().toArray());
    headers.remove(SENDER_NAME);
    NotificationProfile sender = record.key() == null ? null : profiles.get(record.key());
    if (sender != null && sender.getDisplayName() != null) {
      headers.add(SENDER_NAME, sender.getDisplayName().getBytes(StandardCharsets.UTF_8));
    }
    context.forward(record.withHeaders(headers));
  }

  static String nameFrom(Headers headers) {
    var h = headers.lastHeader(SENDER_NAME);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
