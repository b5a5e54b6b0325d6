package io.herald.processors.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.herald.events.GatewayHeartbeat;
import io.herald.events.PresenceKind;
import io.herald.events.PresenceState;
import io.herald.events.PresenceStatus;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Wall-clock expiry of sessions whose gateway stopped beating (defaults: 5 s sweep, 30 s timeout). */
class GatewayExpiryTest {

  private final PresenceFixture f = new PresenceFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aSilentGatewaysUsersGoOfflineAfterTheTimeoutWhileAHealthyGatewaysUsersStayOnline() {
    f.beat("gw-dies");
    f.beat("gw-ok");
    f.elapse(Duration.ofSeconds(1), "gw-dies", "gw-ok");
    f.connect("u1", "s1", "phone", "gw-dies");
    f.connect("u2", "s1", "phone", "gw-ok");
    f.elapse(Duration.ofSeconds(9), "gw-dies", "gw-ok"); // gw-dies beats for the last time at +10 s
    Instant lastBeat = f.now();
    assertThat(f.emitted()).extracting(PresenceState::getUserId).containsExactlyInAnyOrder("u1", "u2");

    f.elapse(Duration.ofSeconds(29), "gw-ok");
    assertThat(f.emitted()).as("29 s of silence is within the timeout").isEmpty();

    f.elapse(Duration.ofSeconds(6), "gw-ok"); // the timeout ends at +30 s, the next sweep sees it
    List<PresenceState> out = f.emitted();
    assertThat(out).extracting(PresenceState::getUserId, PresenceState::getStatus, PresenceState::getLastSeen)
        .containsExactly(tuple("u1", PresenceStatus.OFFLINE, lastBeat));
    assertThat(out.get(0).getOccurredAt()).isBetween(lastBeat.plusSeconds(30), lastBeat.plusSeconds(35));
    assertThat(f.keys(PresenceTopology.SESSION_INDEX_STORE)).hasSize(1).allMatch(k -> k.startsWith("gw-ok"));

    f.elapse(Duration.ofMinutes(5), "gw-ok");
    assertThat(f.emitted()).isEmpty();
  }

  @Test
  void gatewaysWhoseIdsExtendEachOtherAreJudgedApart() {
    String[] gateways = {"g", "gw", "gw1", "gw10", "gw1-b"};
    for (String gw : gateways) {
      f.beat(gw);
      f.connect("user-of-" + gw, "s1", "phone", gw);
    }
    f.emitted();

    f.elapse(Duration.ofSeconds(40), "g", "gw", "gw10", "gw1-b"); // only gw1 dies
    assertThat(f.emitted()).extracting(PresenceState::getUserId).containsExactly("user-of-gw1");

    f.elapse(Duration.ofSeconds(40)); // all die
    assertThat(f.emitted()).extracting(PresenceState::getUserId)
        .containsExactlyInAnyOrder("user-of-g", "user-of-gw", "user-of-gw10", "user-of-gw1-b");
  }

  @Test
  void aMassExpiryIsSpreadOverSweepsOfBoundedSize() {
    try (PresenceFixture small = new PresenceFixture(PresenceLimits.DEFAULTS, 2)) {
      small.beat("gw");
      for (String user : List.of("u1", "u2", "u3")) {
        small.connect(user, "s1", "phone", "gw");
      }
      small.emitted();

      small.elapse(Duration.ofSeconds(30)); // the sweep at +30 s takes two
      assertThat(small.emitted()).hasSize(2);
      small.elapse(Duration.ofSeconds(5)); // the next one the third
      assertThat(small.emitted()).hasSize(1);

      small.elapse(PresenceLimits.ENDED_TTL, Duration.ofSeconds(5));
      assertThat(small.keys(PresenceTopology.USER_STORE)).as("expiry leaves nothing to remember").isEmpty();
    }
  }

  @Test
  void aUserOnTwoGatewaysStaysOnlineWhileEitherBeats() {
    f.beat("gw-a");
    f.beat("gw-b");
    f.connect("u1", "s1", "phone", "gw-a");
    f.connect("u1", "s2", "laptop", "gw-b");
    f.emitted();

    f.elapse(Duration.ofSeconds(60), "gw-b"); // gw-a dead
    assertThat(f.emitted()).isEmpty();
    assertThat(f.keys(PresenceTopology.SESSION_INDEX_STORE)).hasSize(1).allMatch(k -> k.startsWith("gw-b"));

    Instant lastBeatOfB = f.now(); // it beat at +60 s
    f.elapse(Duration.ofSeconds(40)); // gw-b dead too
    assertThat(f.emitted()).extracting(PresenceState::getStatus, PresenceState::getLastSeen)
        .containsExactly(tuple(PresenceStatus.OFFLINE, lastBeatOfB));
  }

  @Test
  void sessionsOfAGatewayThatNeverBeatsLiveOnTheirOwnHeartbeats() {
    f.connect("u1", "s1", "phone", "legacy"); // an older gateway: per-session HEARTBEATs, no liveness
    for (int i = 0; i < 6; i++) {
      f.elapse(Duration.ofSeconds(10));
      f.heartbeat("u1", "s1", "phone", "legacy");
    }
    Instant lastHeartbeat = f.now();
    f.elapse(Duration.ofSeconds(29));
    assertThat(f.emitted()).extracting(PresenceState::getStatus).containsExactly(PresenceStatus.ONLINE);

    f.elapse(Duration.ofSeconds(6));
    assertThat(f.emitted()).extracting(PresenceState::getStatus, PresenceState::getLastSeen)
        .containsExactly(tuple(PresenceStatus.OFFLINE, lastHeartbeat));
  }

  @Test
  void aGatewayAnnouncingASlowerIntervalIsGivenThreeOfThem() {
    f.beat("slow", Duration.ofSeconds(20), f.now());
    f.connect("u1", "s1", "phone", "slow");
    f.emitted();

    f.elapse(Duration.ofSeconds(59));
    assertThat(f.emitted()).as("not dead before 3 x 20 s").isEmpty();
    f.elapse(Duration.ofSeconds(6));
    assertThat(f.emitted()).extracting(PresenceState::getStatus).containsExactly(PresenceStatus.OFFLINE);
  }

  @Test
  void aStaleConnectOfADeadGatewayDoesNotBringItsUserOnline() {
    f.beat("gw");
    Instant connectedAt = f.now().plusMillis(500);
    f.elapse(Duration.ofSeconds(31));
    // the event was written just before the gateway died and is only processed now
    f.send(PresenceFixture.event("u1", "s1", "phone", "gw", PresenceKind.CONNECTED, connectedAt));

    assertThat(f.emitted()).isEmpty();
    assertThat(f.stored("u1")).isNull();
  }

  @Test
  void aGatewayThatWasOnlyCutOffRestoresItsExpiredSessionsByAnnouncingThem() {
    f.beat("gw");
    f.connect("u1", "s1", "phone", "gw");
    f.elapse(Duration.ofSeconds(35));
    assertThat(f.emitted()).extracting(PresenceState::getStatus)
        .containsExactly(PresenceStatus.ONLINE, PresenceStatus.OFFLINE);

    f.beat("gw"); // back, and re-announcing what it holds
    f.connect("u1", "s1", "phone", "gw");
    assertThat(f.emitted()).extracting(PresenceState::getStatus).containsExactly(PresenceStatus.ONLINE);
  }

  @Test
  void unreadableOrMismatchedHeartbeatsAreSkippedAndLivenessCarriesOn() {
    f.beat("gw");
    f.connect("u1", "s1", "phone", "gw");
    f.rawLiveness.pipeInput("gw", "not a heartbeat".getBytes(StandardCharsets.UTF_8), f.now());
    GatewayHeartbeat impostor = GatewayHeartbeat.newBuilder().setEventId(UUID.randomUUID())
        .setOccurredAt(f.now().plusSeconds(3600)).setGatewayId("elsewhere").setIntervalMs(10_000).build();
    f.rawLiveness.pipeInput("gw", Topics.GATEWAY_LIVENESS.valueSerde().serializer()
        .serialize(Topics.GATEWAY_LIVENESS.name(), impostor), f.now()); // key and gateway_id disagree
    f.elapse(Duration.ofSeconds(60), "gw");

    assertThat(f.emitted()).extracting(PresenceState::getStatus).containsExactly(PresenceStatus.ONLINE);
    KeyValueStore<String, GatewayHeartbeat> gateways = f.driver.getKeyValueStore(PresenceTopology.GATEWAY_STORE);
    assertThat(gateways.get("gw").getOccurredAt()).isEqualTo(f.now());
  }

  @Test
  void anOlderHeartbeatNeverReplacesANewerOne() {
    Instant newer = f.now().plusSeconds(5);
    f.beat("gw", PresenceFixture.INTERVAL, newer);
    f.beat("gw", PresenceFixture.INTERVAL, f.now());

    KeyValueStore<String, GatewayHeartbeat> gateways = f.driver.getKeyValueStore(PresenceTopology.GATEWAY_STORE);
    assertThat(gateways.get("gw").getOccurredAt()).isEqualTo(newer);
  }
}
