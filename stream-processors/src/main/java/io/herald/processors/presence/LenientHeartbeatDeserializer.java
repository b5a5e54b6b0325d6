package io.herald.processors.presence;

import io.herald.events.GatewayHeartbeat;
import io.herald.schemas.topics.Topics;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads {@code gateway-liveness} for the global store, turning an undecodable record into the
 * {@link #UNREADABLE} marker instead of an exception.
 *
 * <p>Why not the service's dead-letter handler: Kafka Streams 4.2 cannot write dead letters from
 * the global thread (its context has no record collector: the handler's DLQ records make the
 * thread fail with a ClassCastException, apache/kafka#21535), and a failed global thread stops the
 * whole topology for good. One bad heartbeat must not do that; {@link GatewayBeatRecorder} logs
 * and skips the marker.
 */
final class LenientHeartbeatDeserializer implements Deserializer<GatewayHeartbeat> {

  /** Compared by identity; never stored. */
  static final GatewayHeartbeat UNREADABLE = new GatewayHeartbeat(new UUID(0, 0), Instant.EPOCH, "", 0L, 0);

  private final Deserializer<GatewayHeartbeat> avro = Topics.GATEWAY_LIVENESS.valueSerde().deserializer();

  @Override
  public GatewayHeartbeat deserialize(String topic, byte[] data) {
    try {
      return avro.deserialize(topic, data);
    } catch (SerializationException e) {
      return UNREADABLE;
    }
  }
}
