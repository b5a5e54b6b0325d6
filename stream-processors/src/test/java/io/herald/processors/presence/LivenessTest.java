package io.herald.processors.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.events.GatewayHeartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LivenessTest {

  private static final long T = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
  private final Liveness liveness = new Liveness(Duration.ofSeconds(30));

  @Test
  void announcedIntervalsRaiseTheTimeoutWithinABound() {
    assertThat(liveness.timeoutMs(null)).isEqualTo(30_000);
    assertThat(liveness.timeoutMs(beat(T, 5_000))).as("faster beats never shorten it").isEqualTo(30_000);
    assertThat(liveness.timeoutMs(beat(T, 20_000))).isEqualTo(60_000);
    assertThat(liveness.timeoutMs(beat(T, Long.MAX_VALUE))).as("bogus interval").isEqualTo(3 * 300_000);
    assertThat(liveness.timeoutMs(beat(T, -1))).isEqualTo(30_000);
  }

  @Test
  void aSessionLivesWhileEitherItsGatewayOrItsOwnEventsAreRecent() {
    GatewayHeartbeat beat = beat(T, 10_000);
    assertThat(liveness.expired(beat, T - 60_000, T + 29_999)).isFalse();
    assertThat(liveness.expired(beat, T - 60_000, T + 30_000)).isTrue();
    assertThat(liveness.expired(beat, T + 20_000, T + 49_999)).as("its own event is newer").isFalse();
    assertThat(liveness.expired(null, T, T + 30_000)).isTrue();
  }

  @Test
  void aGatewayClockAheadOfOursNeverReportsLastSeenInTheFutureAndDelaysExpiryByItsSkew() {
    GatewayHeartbeat fiveSecondsAhead = beat(T + 5_000, 10_000);
    assertThat(liveness.lastSeen(fiveSecondsAhead, T - 5_000, T)).isEqualTo(T);
    assertThat(liveness.expired(fiveSecondsAhead, T - 5_000, T + 34_999)).isFalse();
    assertThat(liveness.expired(fiveSecondsAhead, T - 5_000, T + 35_000)).isTrue();
  }

  private static GatewayHeartbeat beat(long at, long intervalMs) {
    return new GatewayHeartbeat(UUID.randomUUID(), Instant.ofEpochMilli(at), "gw", intervalMs, 1);
  }
}
