package io.herald.processors.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.herald.events.PresenceKind;
import io.herald.events.PresenceState;
import io.herald.events.PresenceStatus;
import io.herald.processors.presence.state.LiveSession;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Status changes driven by CONNECTED / HEARTBEAT / DISCONNECTED alone (gateways healthy throughout). */
class PresenceStatusTest {

  private PresenceFixture f = new PresenceFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void firstConnectEmitsOnlineOnceAndADuplicateConnectNothing() {
    f.beat("gw");
    f.connect("u1", "s1", "phone", "gw");
    assertThat(f.changelogWrites()).as("user state and session index").isEqualTo(2);
    f.connect("u1", "s1", "phone", "gw"); // gateway retry: same session, same time
    assertThat(f.changelogWrites()).as("a duplicate costs nothing").isZero();

    List<PresenceState> out = f.emitted();
    assertThat(out).extracting(PresenceState::getUserId, PresenceState::getStatus, PresenceState::getDevices,
            PresenceState::getLastSeen)
        .containsExactly(tuple("u1", PresenceStatus.ONLINE, List.of("phone"), f.now()));
    assertThat(f.stored("u1").getSessions()).hasSize(1);
  }

  @Test
  void aSecondDeviceChangesNothingAndOfflineComesOnlyWhenTheLastDeviceLeaves() {
    f.beat("gw");
    f.connect("u1", "s1", "phone", "gw");
    f.elapse(Duration.ofSeconds(2), "gw");
    f.connect("u1", "s2", "laptop", "gw");
    assertThat(f.emitted()).extracting(PresenceState::getStatus).containsExactly(PresenceStatus.ONLINE);

    f.elapse(Duration.ofSeconds(2), "gw");
    f.disconnect("u1", "s1", "phone", "gw");
    assertThat(f.emitted()).as("the laptop is still connected").isEmpty();

    f.elapse(Duration.ofSeconds(3), "gw");
    Instant lastLeaves = f.now();
    f.disconnect("u1", "s2", "laptop", "gw");
    assertThat(f.emitted()).extracting(PresenceState::getStatus, PresenceState::getDevices, PresenceState::getLastSeen)
        .containsExactly(tuple(PresenceStatus.OFFLINE, List.of(), lastLeaves));
  }

  @Test
  void withoutGraceEveryConnectAndDisconnectOfAFlappingClientAlternates() {
    f.beat("gw");
    for (int i = 0; i < 3; i++) {
      f.connect("u1", "s" + i, "phone", "gw");
      f.elapse(Duration.ofMillis(300), "gw");
      f.disconnect("u1", "s" + i, "phone", "gw");
      f.elapse(Duration.ofMillis(300), "gw");
    }
    assertThat(f.emitted()).extracting(PresenceState::getStatus).containsExactly(
        PresenceStatus.ONLINE, PresenceStatus.OFFLINE, PresenceStatus.ONLINE, PresenceStatus.OFFLINE,
        PresenceStatus.ONLINE, PresenceStatus.OFFLINE);
  }

  @Test
  void aLateConnectedOrHeartbeatOfAnEndedSessionDoesNotResurrectIt() {
    f.beat("gw");
    Instant connectedAt = f.now();
    f.connect("u1", "s1", "phone", "gw");
    f.elapse(Duration.ofSeconds(1), "gw");
    f.disconnect("u1", "s1", "phone", "gw");
    f.emitted();

    f.changelogWrites();
    f.send(PresenceFixture.event("u1", "s1", "phone", "gw", PresenceKind.CONNECTED, connectedAt)); // redelivered
    f.heartbeat("u1", "s1", "phone", "gw");                                                        // in flight
    assertThat(f.changelogWrites()).isZero();
    f.elapse(Duration.ofMinutes(1), "gw");

    assertThat(f.emitted()).isEmpty();
    assertThat(f.stored("u1").getSessions()).isEmpty();
  }

  @Test
  void aDisconnectOvertakingItsConnectEndsTheSessionBeforeItStarts() {
    f.beat("gw");
    Instant connectedAt = f.now();
    f.elapse(Duration.ofSeconds(1), "gw");
    f.disconnect("u1", "s1", "phone", "gw");
    f.send(PresenceFixture.event("u1", "s1", "phone", "gw", PresenceKind.CONNECTED, connectedAt));

    assertThat(f.emitted()).isEmpty();
  }

  @Test
  void aHeartbeatForAnUnknownSessionRecreatesIt() {
    f.beat("gw");
    f.heartbeat("u1", "s9", "tablet", "gw"); // e.g. its CONNECTED predates the topic's retention

    assertThat(f.emitted()).extracting(PresenceState::getStatus, PresenceState::getDevices)
        .containsExactly(tuple(PresenceStatus.ONLINE, List.of("tablet")));
  }

  @Test
  void sessionIdsAreOnlyUniquePerGateway() {
    f.beat("gw-a");
    f.beat("gw-b");
    f.connect("u1", "1", "phone", "gw-a");
    f.connect("u1", "1", "laptop", "gw-b");
    f.disconnect("u1", "1", "phone", "gw-a");

    assertThat(f.emitted()).extracting(PresenceState::getStatus).containsExactly(PresenceStatus.ONLINE);
    assertThat(f.stored("u1").getSessions()).extracting(LiveSession::getGatewayId).containsExactly("gw-b");
  }

  @Test
  void sessionsPerUserAreCappedByDroppingTheLeastRecentlyActive() {
    f.close();
    f = new PresenceFixture(new PresenceLimits(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ZERO, 3));
    f.beat("gw");
    f.connect("u1", "s1", "d1", "gw");
    f.elapse(Duration.ofSeconds(1), "gw");
    f.connect("u1", "s2", "d2", "gw");
    f.elapse(Duration.ofSeconds(1), "gw");
    f.connect("u1", "s3", "d3", "gw");
    f.elapse(Duration.ofSeconds(1), "gw");
    f.heartbeat("u1", "s1", "d1", "gw"); // s1 active again: s2 is now the least recent
    f.connect("u1", "s4", "d4", "gw");

    assertThat(f.stored("u1").getSessions()).extracting(LiveSession::getSessionId).containsExactly("s1", "s3", "s4");
    assertThat(f.keys(PresenceTopology.SESSION_INDEX_STORE)).hasSize(3);

    f.heartbeat("u1", "s2", "d2", "gw"); // the dropped session is over: it does not push another one out
    assertThat(f.stored("u1").getSessions()).extracting(LiveSession::getSessionId).containsExactly("s1", "s3", "s4");
    for (String s : List.of("s1", "s3", "s4")) {
      f.disconnect("u1", s, "d", "gw");
    }
    assertThat(f.emitted()).extracting(PresenceState::getStatus)
        .containsExactly(PresenceStatus.ONLINE, PresenceStatus.OFFLINE);
  }

  @Test
  void dueTimersAreHandledInBoundedBatches() {
    f.close();
    f = new PresenceFixture(PresenceLimits.DEFAULTS, 2);
    f.beat("gw");
    for (String user : List.of("u1", "u2", "u3")) {
      f.connect(user, "s1", "phone", "gw");
      f.disconnect(user, "s1", "phone", "gw");
    }
    f.elapse(PresenceLimits.ENDED_TTL, Duration.ofSeconds(5), "gw"); // all three due at the same sweep
    assertThat(f.keys(PresenceTopology.USER_STORE)).hasSize(1);
    f.elapse(Duration.ofSeconds(5), "gw");
    assertThat(f.keys(PresenceTopology.USER_STORE)).isEmpty();
  }

  @Test
  void anOfflineUsersStateIsDroppedOnceLateEventsCanNoLongerMatter() {
    f.beat("gw");
    f.connect("u1", "s1", "phone", "gw");
    f.disconnect("u1", "s1", "phone", "gw");
    assertThat(f.stored("u1")).isNotNull(); // remembers s1 as ended
    assertThat(f.keys(PresenceTopology.TIMER_STORE)).hasSize(1);

    f.elapse(PresenceLimits.ENDED_TTL.minusSeconds(5), Duration.ofSeconds(5), "gw");
    assertThat(f.stored("u1")).isNotNull();
    f.elapse(Duration.ofSeconds(10), "gw");

    assertThat(f.stored("u1")).isNull();
    assertThat(f.keys(PresenceTopology.TIMER_STORE)).isEmpty();
    assertThat(f.keys(PresenceTopology.SESSION_INDEX_STORE)).isEmpty();
    f.connect("u1", "s2", "phone", "gw");
    assertThat(f.emitted()).extracting(PresenceState::getStatus)
        .containsExactly(PresenceStatus.ONLINE, PresenceStatus.OFFLINE, PresenceStatus.ONLINE);
  }
}
