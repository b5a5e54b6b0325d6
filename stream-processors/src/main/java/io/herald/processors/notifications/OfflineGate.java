package io.herald.processors.notifications;

import io.herald.events.Delivery;
import io.herald.processors.notifications.state.NotificationPending;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs on {@code inbox} as it is keyed (by recipient, beside the recipient's presence): passes on
 * only deliveries to a recipient without a live session, the only ones that can ever notify. A
 * delivery to someone online is dropped here, before the two repartitions that name its sender, so
 * live chat costs the notification path one state look-up per delivery.
 */
final class OfflineGate implements FixedKeyProcessor<String, Delivery, Delivery> {

  private FixedKeyProcessorContext<String, Delivery> context;
  private KeyValueStore<String, NotificationPending> pending;

  @Override
  public void init(FixedKeyProcessorContext<String, Delivery> context) {
    this.context = context;
    this.pending = context.getStateStore(NotificationTopology.PENDING_STORE);
  }

  @Override
  public void process(FixedKeyRecord<String, Delivery> record) {
    if (record.key() != null && !NotificationDecider.online(pending, record.key())) {
      context.forward(record);
    }
  }
}
