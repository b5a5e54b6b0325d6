package io.herald.processors.presence;

import io.herald.chat.projector.DeadLetterSink;
import io.herald.events.GatewayHeartbeat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
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
 *
 * <p>An undecodable heartbeat goes to {@code gateway-liveness.dlq} through this processor's own
 * producer (see {@link LenientHeartbeatDeserializer} for why not Streams' handler), waiting for the
 * broker's ack on this thread; if the dead-letter topic cannot be written it is logged and skipped
 * rather than failing the global thread. A store rebuild at start-up reads the topic again, so a
 * poison heartbeat younger than the topic's retention (1 h) is dead-lettered again after a restart.
 */
final class GatewayBeatRecorder implements Processor<String, GatewayHeartbeat, Void, Void> {

  private static final Logger log = LoggerFactory.getLogger(GatewayBeatRecorder.class);

  static final String STAGE = "presence:gateway-liveness";
  private static final Duration DLQ_TIMEOUT = Duration.ofSeconds(10);

  private final LenientHeartbeatDeserializer source;
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, GatewayHeartbeat> gateways;
  private DeadLetterSink deadLetters; // created at the first poison record

  /** @param source the global source's deserializer, which keeps what it could not read (null: log only) */
  GatewayBeatRecorder(LenientHeartbeatDeserializer source) {
    this.source = source;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.gateways = context.getStateStore(PresenceTopology.GATEWAY_STORE);
  }

  @Override
  public void process(Record<String, GatewayHeartbeat> record) {
    GatewayHeartbeat beat = record.value();
    if (beat == LenientHeartbeatDeserializer.UNREADABLE && deadLetter(record.key())) {
      return;
    }
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

  /** True when the unreadable record went to the dead-letter topic. */
  private boolean deadLetter(String key) {
    LenientHeartbeatDeserializer.Unreadable u = source == null ? null : source.takeUnreadable();
    Optional<org.apache.kafka.streams.processor.api.RecordMetadata> at = context.recordMetadata();
    if (u == null || at.isEmpty()) {
      return false;
    }
    byte[] rawKey = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    ConsumerRecord<byte[], byte[]> raw = new ConsumerRecord<>(at.get().topic(), at.get().partition(), at.get().offset(),
        ConsumerRecord.NO_TIMESTAMP, TimestampType.NO_TIMESTAMP_TYPE, ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE,
        rawKey, u.value(), u.headers() == null ? new org.apache.kafka.common.header.internals.RecordHeaders() : u.headers(),
        Optional.empty());
    try {
      if (deadLetters == null) {
        deadLetters = DeadLetterSink.connectedLike(context.appConfigs());
      }
      deadLetters.send(raw, u.error(), STAGE);
      deadLetters.awaitAll(DLQ_TIMEOUT);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (RuntimeException e) {
      log.error("cannot dead-letter the gateway heartbeat at {}-{}@{}", raw.topic(), raw.partition(), raw.offset(), e);
      return false;
    }
  }

  @Override
  public void close() {
    if (deadLetters != null) {
      deadLetters.close();
    }
  }
}
