package io.herald.gateway.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.events.GatewayHeartbeat;
import io.herald.events.PresenceEvent;
import io.herald.events.PresenceKind;
import io.herald.gateway.chat.ChatSession;
import io.herald.testkit.MutableClock;
import io.herald.schemas.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** Session events, one heartbeat for all sessions, and the repair after an outage or a lost event. */
class PresenceEmitterTest {

  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final ChatSession ANN = new ChatSession("s1", "ann", "phone");
  private static final ChatSession BOB = new ChatSession("s2", "bob", "laptop");

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final AtomicInteger wakes = new AtomicInteger();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final PresenceEmitter emitter = new PresenceEmitter(producer, new GatewayIds("test-gw"), INTERVAL, clock,
      new PresenceMetrics(meters), wakes::incrementAndGet);

  private void completeAll() {
    while (producer.completeNext()) {
      // acknowledge everything sent so far
    }
  }

  private List<ProducerRecord<byte[], byte[]>> sentTo(String topic) {
    return producer.history().stream().filter(r -> r.topic().equals(topic)).toList();
  }

  private List<PresenceEvent> events() {
    return sentTo(Topics.PRESENCE.name()).stream()
        .map(r -> Topics.PRESENCE.valueSerde().deserializer().deserialize(r.topic(), r.value())).toList();
  }

  private List<GatewayHeartbeat> beats() {
    return sentTo(Topics.GATEWAY_LIVENESS.name()).stream()
        .map(r -> Topics.GATEWAY_LIVENESS.valueSerde().deserializer().deserialize(r.topic(), r.value())).toList();
  }

  /** Beats one interval later and acknowledges or fails that heartbeat. */
  private void beatAfterInterval(boolean delivered) {
    clock.advance(INTERVAL);
    emitter.beat();
    if (delivered) {
      completeAll();
    } else {
      producer.errorNext(new TimeoutException("broker unreachable"));
    }
  }

  @Test
  void openAndCloseAreEventsKeyedByUserNamingThisGatewayTheSessionAndTheDevice() {
    emitter.connected(ANN);
    emitter.disconnected(ANN);

    List<ProducerRecord<byte[], byte[]>> records = sentTo(Topics.PRESENCE.name());
    assertThat(records).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactly("ann", "ann");
    List<PresenceEvent> events = events();
    assertThat(events).extracting(PresenceEvent::getKind)
        .containsExactly(PresenceKind.CONNECTED, PresenceKind.DISCONNECTED);
    assertThat(events).allSatisfy(e -> {
      assertThat(e.getGatewayId()).isEqualTo(emitter.gatewayId()).startsWith("gw-test-gw-");
      assertThat(e.getSessionId()).isEqualTo("s1");
      assertThat(e.getDeviceId()).isEqualTo("phone");
      assertThat(e.getUserId()).isEqualTo("ann");
      assertThat(e.getRouteSlot()).as("a gateway that reads all of inbox asks for no routes").isNull();
    });
    assertThat(emitter.heldSessions()).isZero();
  }

  @Test
  void aRoutedGatewayAnnouncesItsSlotWithEverySessionEvent() {
    PresenceEmitter routed = new PresenceEmitter(producer, new GatewayIds("test-gw", 3), INTERVAL, clock,
        new PresenceMetrics(meters), wakes::incrementAndGet);
    routed.connected(ANN);
    routed.disconnected(ANN);
    assertThat(events()).extracting(PresenceEvent::getRouteSlot).containsExactly(3, 3);
  }

  @Test
  void oneHeartbeatKeyedByGatewayCountsEverySession() {
    emitter.connected(ANN);
    emitter.connected(BOB);

    emitter.beat();

    List<ProducerRecord<byte[], byte[]>> records = sentTo(Topics.GATEWAY_LIVENESS.name());
    assertThat(records).hasSize(1);
    assertThat(new String(records.get(0).key(), StandardCharsets.UTF_8)).isEqualTo(emitter.gatewayId());
    GatewayHeartbeat beat = beats().get(0);
    assertThat(beat.getIntervalMs()).isEqualTo(1000);
    assertThat(beat.getSessionCount()).isEqualTo(2);
    assertThat(beat.getGatewayId()).isEqualTo(emitter.gatewayId());
  }

  @Test
  void heartbeatsThatKeepGettingThroughNeedNoRepair() {
    emitter.connected(ANN);
    completeAll();
    String id = emitter.gatewayId();

    beatAfterInterval(true);
    beatAfterInterval(false); // one lost heartbeat: still far from the processor's 3 intervals
    beatAfterInterval(true);

    assertThat(emitter.recoverIfDue()).isFalse();
    assertThat(emitter.gatewayId()).isEqualTo(id);
    assertThat(events()).hasSize(1);
  }

  @Test
  void afterHeartbeatsFailedTooLongEverySessionIsAnnouncedAgainUnderANewId() {
    emitter.connected(ANN);
    emitter.connected(BOB);
    completeAll();
    String before = emitter.gatewayId();
    beatAfterInterval(true);

    beatAfterInterval(false);
    beatAfterInterval(false);
    assertThat(emitter.recoverIfDue()).as("nothing to do before a heartbeat gets through").isFalse();
    beatAfterInterval(true); // 3 intervals after the last delivered one

    assertThat(wakes.get()).isEqualTo(1);
    assertThat(emitter.recoverIfDue()).isTrue();
    String after = emitter.gatewayId();
    assertThat(after).isNotEqualTo(before).startsWith("gw-test-gw-");
    List<PresenceEvent> reannounced = events().subList(2, events().size());
    assertThat(reannounced).extracting(PresenceEvent::getSessionId).containsExactlyInAnyOrder("s1", "s2");
    assertThat(reannounced).allSatisfy(e -> {
      assertThat(e.getKind()).isEqualTo(PresenceKind.CONNECTED);
      assertThat(e.getGatewayId()).isEqualTo(after);
    });
    assertThat(beats().get(beats().size() - 1).getGatewayId()).as("the new id beats at once").isEqualTo(after);
    assertThat(emitter.recoverIfDue()).as("once").isFalse();
  }

  @Test
  void aLostDisconnectIsRepairedAtTheNextDeliveredHeartbeat() {
    emitter.connected(ANN);
    emitter.connected(BOB);
    completeAll();
    emitter.disconnected(ANN);
    producer.errorNext(new TimeoutException("not acknowledged"));

    beatAfterInterval(true);

    assertThat(emitter.recoverIfDue()).isTrue();
    List<PresenceEvent> events = events();
    PresenceEvent last = events.get(events.size() - 1);
    assertThat(last.getSessionId()).as("only the session still held").isEqualTo("s2");
    assertThat(last.getKind()).isEqualTo(PresenceKind.CONNECTED);
    assertThat(last.getGatewayId()).isEqualTo(emitter.gatewayId());
    assertThat(events).hasSize(4);
  }

  @Test
  void aLateHeartbeatOfAPreviousIdSaysNothingAboutTheNewOne() {
    emitter.connected(ANN);
    completeAll();
    emitter.beat(); // both under the first id
    emitter.beat();
    emitter.markLost();
    producer.completeNext(); // the first gets through: repair due
    assertThat(emitter.recoverIfDue()).isTrue();

    clock.advance(INTERVAL.multipliedBy(5));
    producer.completeNext(); // the second, long after: its id is gone

    assertThat(emitter.recoverIfDue()).isFalse();
  }

  @Test
  void shutdownDisconnectsEverySessionStillHeld() {
    emitter.connected(ANN);
    emitter.connected(BOB);
    emitter.disconnected(BOB);

    int sent = emitter.disconnectAll(System.nanoTime() + Duration.ofSeconds(5).toNanos());

    assertThat(sent).isEqualTo(1);
    assertThat(emitter.heldSessions()).isZero();
    PresenceEvent last = events().get(events().size() - 1);
    assertThat(last.getKind()).isEqualTo(PresenceKind.DISCONNECTED);
    assertThat(last.getSessionId()).isEqualTo("s1");
  }
}
