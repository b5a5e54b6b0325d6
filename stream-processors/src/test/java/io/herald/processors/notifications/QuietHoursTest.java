package io.herald.processors.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.processors.notifications.state.NotificationProfile;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QuietHoursTest {

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  private static NotificationProfile quiet(int start, int end, String zone) {
    return NotificationProfile.newBuilder().setQuietStartMinute(start).setQuietEndMinute(end).setTimeZone(zone).build();
  }

  @Test
  void overnightQuietHoursInTheUsersZoneEndNextMorning() {
    NotificationProfile paris = quiet(22 * 60, 7 * 60, "Europe/Paris"); // 22:00-07:00 Paris = 21:00-06:00 UTC in winter
    assertThat(QuietHours.quietUntil(paris, at("2026-01-10T22:30:00Z"))).isEqualTo(at("2026-01-11T06:00:00Z"));
    assertThat(QuietHours.quietUntil(paris, at("2026-01-11T05:59:00Z"))).isEqualTo(at("2026-01-11T06:00:00Z"));
    long noon = at("2026-01-11T12:00:00Z");
    assertThat(QuietHours.quietUntil(paris, noon)).isEqualTo(noon);
  }

  @Test
  void noQuietHoursOrAnUnknownZoneMeanNeverQuiet() {
    long now = at("2026-01-11T03:00:00Z");
    assertThat(QuietHours.quietUntil(NotificationProfile.newBuilder().build(), now)).isEqualTo(now);
    assertThat(QuietHours.quietUntil(quiet(0, 600, "Mars/Olympus"), now)).isEqualTo(now);
  }
}
