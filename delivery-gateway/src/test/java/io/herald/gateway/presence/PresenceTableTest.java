package io.herald.gateway.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.events.PresenceState;
import io.herald.events.PresenceStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The bounded table: updates, tombstones, and who goes when it is full. */
class PresenceTableTest {

  private static final Instant SEEN = Instant.parse("2026-01-02T03:04:05Z");

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private PresenceTable table(int max) {
    return new PresenceTable(max, new PresenceMetrics(meters));
  }

  private static PresenceView online() {
    return view(PresenceStatus.ONLINE, List.of("phone"));
  }

  private static PresenceView offline() {
    return view(PresenceStatus.OFFLINE, List.of());
  }

  private static PresenceView view(PresenceStatus status, List<String> devices) {
    return PresenceView.of(PresenceState.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(SEEN)
        .setUserId("any").setStatus(status).setDevices(devices).setLastSeen(SEEN).build());
  }

  @Test
  void theLatestStateOfAUserWinsAndATombstoneForgetsThem() {
    PresenceTable table = table(10);
    assertThat(table.apply("bob", online())).isTrue();
    assertThat(table.get("bob").online()).isTrue();
    assertThat(table.get("bob").devices()).containsExactly("phone");

    assertThat(table.apply("bob", offline())).isTrue();
    assertThat(table.get("bob").online()).isFalse();
    assertThat(table.get("bob").devices()).isEmpty();
    assertThat(table.get("bob").lastSeen()).isEqualTo(SEEN);

    assertThat(table.apply("bob", null)).isTrue();
    assertThat(table.get("bob")).isNull();
    assertThat(table.getOrUnknown("bob").online()).isFalse();
    assertThat(table.getOrUnknown("bob").lastSeen()).as("unknown: never seen").isNull();
    assertThat(table.apply("bob", null)).as("nothing to forget").isFalse();
    assertThat(table.size()).isZero();
  }

  @Test
  void whenFullTheLeastRecentlyChangedOfflineUserIsForgottenFirst() {
    PresenceTable table = table(3);
    table.apply("ann", offline());
    table.apply("bob", online());
    table.apply("cyd", offline());
    table.apply("ann", offline()); // ann changed again: cyd is now the oldest offline entry

    assertThat(table.apply("dan", online())).isTrue();

    assertThat(table.contains("cyd")).isFalse();
    assertThat(table.contains("ann")).isTrue();
    assertThat(table.contains("bob")).as("online users are not evicted").isTrue();
    assertThat(table.contains("dan")).isTrue();
    assertThat(table.size()).isEqualTo(3);
    assertThat(meters.counter("herald.gateway.presence.table.evicted").count()).isEqualTo(1);
  }

  @Test
  void aUserWhoCameOnlineIsNoLongerAnEvictionCandidate() {
    PresenceTable table = table(2);
    table.apply("ann", offline());
    table.apply("bob", offline());
    table.apply("ann", online());

    table.apply("cyd", offline());

    assertThat(table.contains("ann")).isTrue();
    assertThat(table.contains("bob")).isFalse();
  }

  @Test
  void whenEveryTrackedUserIsOnlineANewUserIsNotStored() {
    PresenceTable table = table(2);
    table.apply("ann", online());
    table.apply("bob", online());

    assertThat(table.apply("cyd", online())).isFalse();
    assertThat(table.apply("dan", offline())).isFalse();
    assertThat(table.contains("cyd")).isFalse();
    assertThat(meters.counter("herald.gateway.presence.table.untracked").count()).isEqualTo(2);

    assertThat(table.apply("ann", offline())).as("a known user is updated in place").isTrue();
    assertThat(table.apply("cyd", online())).as("room made by evicting offline ann").isTrue();
    assertThat(table.contains("ann")).isFalse();
  }
}
