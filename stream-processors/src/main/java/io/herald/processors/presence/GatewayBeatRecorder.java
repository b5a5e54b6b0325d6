package io.herald.processors.presence;

import io.herald.events.GatewayHeartbeat;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each gateway's latest heartbeat in the global store (every instance holds every gateway,
 * because a user's sessions, in any task, may sit on any gateway). Runs on the global thread, and
 * again over the whole topic when the store is rebuilt at start-up, so it stores only what the
 * record says, never anything about when it was read.
 *
 * <p>A tombstone (null value) removes the gateway: its sessions then live only as long as their
 * own last event allows. An older beat never replaces a newer one.
 */
final class GatewayBeatRecorder implements Processor<String, GatewayHeartbeat, Void, Void> {

  private static final Logger log = LoggerFactory.getLogger(GatewayBeatRecorder.class);

  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, GatewayHeartbeat> gateways;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.gateways = context.getStateStore(PresenceTopology.GATEWAY_STORE);
  }

  @Override
  public void process(Record<String, GatewayHeartbeat> record) {
    GatewayHeartbeat beat = record.value();
    if (beat == LenientHeartbeatDeserializer.UNREADABLE
        || record.key() == null || (beat != null && !record.key().equals(beat.getGatewayId()))) {
      log.warn("skipping unusable gateway heartbeat key={} at {}", record.key(),
          context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?"));
      return;
    }
    if (beat == null) {
      gateways.delete(record.key());
      return;
    }
    GatewayHeartbeat known = gateways.get(record.key());
    if (known == null || !beat.getOccurredAt().isBefore(known.getOccurredAt())) {
      gateways.put(record.key(), beat);
    }
  }
}
