package io.herald.processors.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.herald.events.PresenceState;
import io.herald.events.PresenceStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** offline-grace = 10 s: a user whose last session ends is reported OFFLINE only if none returns in time. */
class OfflineGraceTest {

  private static final Duration GRACE = Duration.ofSeconds(10);

  private final PresenceFixture f =
      new PresenceFixture(new PresenceLimits(Duration.ofSeconds(5), Duration.ofSeconds(30), GRACE, 32));

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aFlappingConnectionEmitsOnlineOnceAndOfflineOnlyAfterItSettles() {
    f.beat("gw");
    for (int i = 0; i < 5; i++) {
      f.connect("u1", "s" + i, "phone", "gw");
      f.elapse(Duration.ofSeconds(1), "gw");
      f.disconnect("u1", "s" + i, "phone", "gw");
      f.elapse(Duration.ofSeconds(3), "gw"); // back within the grace
    }
    Instant lastDisconnect = f.now().minusSeconds(3);
    assertThat(f.emitted()).extracting(PresenceState::getStatus).containsExactly(PresenceStatus.ONLINE);

    f.elapse(Duration.ofSeconds(15), "gw");
    assertThat(f.emitted()).extracting(PresenceState::getStatus, PresenceState::getLastSeen)
        .containsExactly(tuple(PresenceStatus.OFFLINE, lastDisconnect));
  }

  @Test
  void offlineFollowsOnceTheGraceRunsOutAndNotBefore() {
    f.beat("gw");
    f.connect("u1", "s1", "phone", "gw");
    f.elapse(Duration.ofSeconds(2), "gw");
    Instant left = f.now();
    f.disconnect("u1", "s1", "phone", "gw");
    f.elapse(GRACE.minusSeconds(1), "gw");
    assertThat(f.emitted()).extracting(PresenceState::getStatus).containsExactly(PresenceStatus.ONLINE);

    f.elapse(Duration.ofSeconds(6), "gw"); // grace over at left + 10 s; the sweep after it emits
    PresenceState offline = f.emitted().get(0);
    assertThat(offline.getStatus()).isEqualTo(PresenceStatus.OFFLINE);
    assertThat(offline.getLastSeen()).isEqualTo(left);
    assertThat(offline.getOccurredAt()).isBetween(left.plus(GRACE), left.plus(GRACE).plusSeconds(5));
    assertThat(f.keys(PresenceTopology.TIMER_STORE)).as("now waiting only to forget s1").hasSize(1);
  }

  @Test
  void theGraceAlsoCoversSessionsLostWithTheirGateway() {
    f.beat("gw-a");
    f.beat("gw-b");
    f.connect("u1", "s1", "phone", "gw-a");
    f.elapse(Duration.ofSeconds(35), "gw-b"); // gw-a expires at +30 s: grace starts
    f.connect("u1", "s2", "phone", "gw-b"); // the app reconnected through another gateway
    f.elapse(Duration.ofSeconds(30), "gw-b");

    assertThat(f.emitted()).extracting(PresenceState::getStatus).containsExactly(PresenceStatus.ONLINE);
  }
}
