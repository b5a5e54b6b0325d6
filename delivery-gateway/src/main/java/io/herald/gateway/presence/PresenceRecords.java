package io.herald.gateway.presence;

import io.herald.events.GatewayHeartbeat;
import io.herald.events.PresenceEvent;
import io.herald.events.PresenceKind;
import io.herald.gateway.chat.ChatSession;
import io.herald.schemas.topics.Topics;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The gateway's presence records, keyed and encoded as the topic catalog says. */
final class PresenceRecords {

  private PresenceRecords() {}

  /** {@code presence}, key user_id; {@code routeSlot} null when the gateway wants no routes. */
  static ProducerRecord<byte[], byte[]> event(String gatewayId, Integer routeSlot, ChatSession s, PresenceKind kind,
                                              Instant at) {
    PresenceEvent event = PresenceEvent.newBuilder()
        .setEventId(UUID.randomUUID()).setOccurredAt(at)
        .setUserId(s.userId()).setSessionId(s.sessionId()).setDeviceId(s.deviceId()).setGatewayId(gatewayId)
        .setKind(kind).setRouteSlot(routeSlot).build();
    String topic = Topics.PRESENCE.name();
    return new ProducerRecord<>(topic, Topics.PRESENCE.keySerde().serializer().serialize(topic, s.userId()),
        Topics.PRESENCE.valueSerde().serializer().serialize(topic, event));
  }

  /** {@code gateway-liveness}, key gateway_id. */
  static ProducerRecord<byte[], byte[]> heartbeat(String gatewayId, long intervalMs, int sessions, Instant at) {
    GatewayHeartbeat beat = GatewayHeartbeat.newBuilder()
        .setEventId(UUID.randomUUID()).setOccurredAt(at)
        .setGatewayId(gatewayId).setIntervalMs(intervalMs).setSessionCount(sessions).build();
    String topic = Topics.GATEWAY_LIVENESS.name();
    return new ProducerRecord<>(topic, Topics.GATEWAY_LIVENESS.keySerde().serializer().serialize(topic, gatewayId),
        Topics.GATEWAY_LIVENESS.valueSerde().serializer().serialize(topic, beat));
  }
}
