package io.herald.gateway.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.events.GatewayHeartbeat;
import io.herald.events.PresenceEvent;
import io.herald.events.PresenceKind;
import io.herald.gateway.chat.ChatSession;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The publisher's thread: shutdown disconnects what it holds; a full queue is repaired, not ignored. */
class PresencePublisherTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int QUEUE = 4;

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final PresencePublisher publisher = new PresencePublisher(producer, new GatewayIds("unit"),
      new PresenceProperties(true, "unit", Duration.ofSeconds(10), Duration.ofSeconds(5), 100, Duration.ofMinutes(5), 10),
      Clock.systemUTC(), new PresenceMetrics(meters), QUEUE);

  @AfterEach
  void stop() {
    publisher.stop();
  }

  private List<PresenceEvent> events() {
    return producer.history().stream().filter(r -> r.topic().equals(Topics.PRESENCE.name()))
        .map(r -> Topics.PRESENCE.valueSerde().deserializer().deserialize(r.topic(), r.value())).toList();
  }

  private List<GatewayHeartbeat> beats() {
    return producer.history().stream().filter(r -> r.topic().equals(Topics.GATEWAY_LIVENESS.name()))
        .map(r -> Topics.GATEWAY_LIVENESS.valueSerde().deserializer().deserialize(r.topic(), r.value())).toList();
  }

  @Test
  void stoppingSendsDisconnectedForEverySessionStillHeldThenClosesTheProducer() {
    publisher.connected(new ChatSession("s1", "ann", "phone"));
    publisher.connected(new ChatSession("s2", "bob", "phone"));
    publisher.start();

    publisher.stop();

    assertThat(events()).extracting(e -> e.getKind() + " " + e.getSessionId())
        .containsExactly("CONNECTED s1", "CONNECTED s2", "DISCONNECTED s1", "DISCONNECTED s2");
    assertThat(producer.closed()).isTrue();
    assertThat(publisher.heldSessions()).isZero();
  }

  @Test
  void anEventTheFullQueueRefusedIsRepairedByReannouncingUnderANewId() {
    for (int i = 0; i <= QUEUE; i++) { // one more than fits
      publisher.connected(new ChatSession("s" + i, "user" + i, "phone"));
    }
    assertThat(meters.counter("herald.gateway.presence.events.dropped").count()).isEqualTo(1);
    String first = publisher.gatewayId();

    publisher.start(); // its first heartbeat is delivered at once (auto-completing producer)

    Await.until("a new gateway id", () -> !publisher.gatewayId().equals(first), WAIT);
    Await.until("every open session re-announced, the dropped one too", () -> events().stream().filter(e -> !e.getGatewayId().equals(first)).map(PresenceEvent::getSessionId)
        .distinct().count() == QUEUE + 1, WAIT);
    assertThat(events()).filteredOn(e -> !e.getGatewayId().equals(first))
        .allMatch(e -> e.getKind() == PresenceKind.CONNECTED);
    assertThat(beats()).anyMatch(b -> b.getGatewayId().equals(publisher.gatewayId()));
  }
}
