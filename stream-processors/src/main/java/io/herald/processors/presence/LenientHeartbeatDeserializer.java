package io.herald.processors.presence;

import io.herald.events.GatewayHeartbeat;
import io.herald.schemas.topics.Topics;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads {@code gateway-liveness} for the global store, turning an undecodable record into the
 * {@link #UNREADABLE} marker instead of an exception, and keeping its bytes and error for
 * {@link GatewayBeatRecorder} to dead-letter ({@link #takeUnreadable}).
 *
 * <p>Why not the service's dead-letter handler: Kafka Streams 4.2 cannot write dead letters from
 * the global thread (its context has no record collector: the handler's DLQ records make the
 * thread fail with a ClassCastException, apache/kafka#21535), and a failed global thread stops the
 * whole topology for good. One bad heartbeat must not do that.
 *
 * <p>One instance per topology, used on the global thread only: the recorder runs right after the
 * deserializer for the same record, so the kept failure is that record's.
 */
final class LenientHeartbeatDeserializer implements Deserializer<GatewayHeartbeat> {

  /** Compared by identity; never stored. */
  static final GatewayHeartbeat UNREADABLE = new GatewayHeartbeat(new UUID(0, 0), Instant.EPOCH, "", 0L, 0);

  /** The last record that did not decode: its raw value, headers and why. */
  record Unreadable(byte[] value, Headers headers, SerializationException error) {}

  private final Deserializer<GatewayHeartbeat> avro = Topics.GATEWAY_LIVENESS.valueSerde().deserializer();
  private Unreadable unreadable;

  @Override
  public GatewayHeartbeat deserialize(String topic, byte[] data) {
    return deserialize(topic, null, data);
  }

  @Override
  public GatewayHeartbeat deserialize(String topic, Headers headers, byte[] data) {
    try {
      return avro.deserialize(topic, headers, data);
    } catch (SerializationException e) {
      unreadable = new Unreadable(data, headers, e);
      return UNREADABLE;
    }
  }

  /** The failure behind the last {@link #UNREADABLE}, once; null if none is pending. */
  Unreadable takeUnreadable() {
    Unreadable u = unreadable;
    unreadable = null;
    return u;
  }
}
