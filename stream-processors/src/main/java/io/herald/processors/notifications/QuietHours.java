package io.herald.processors.notifications;

import io.herald.processors.notifications.state.NotificationProfile;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** Whether a moment falls in a user's quiet hours, and when they end; an unknown zone means none. */
final class QuietHours {

  private QuietHours() {}

  /** The end of the quiet period containing {@code nowMs}, or {@code nowMs} itself when not quiet. */
  static long quietUntil(NotificationProfile p, long nowMs) {
    int start = p.getQuietStartMinute();
    int end = p.getQuietEndMinute();
    if (start < 0 || end < 0 || start == end || p.getTimeZone() == null) {
      return nowMs;
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(p.getTimeZone());
    } catch (DateTimeException e) {
      return nowMs;
    }
    ZonedDateTime now = Instant.ofEpochMilli(nowMs).atZone(zone);
    int minute = now.getHour() * 60 + now.getMinute();
    boolean quiet = start < end ? minute >= start && minute < end : minute >= start || minute < end;
    if (!quiet) {
      return nowMs;
    }
    ZonedDateTime endToday = now.truncatedTo(ChronoUnit.DAYS).plusMinutes(end);
    ZonedDateTime until = endToday.isAfter(now) ? endToday : endToday.plusDays(1);
    return until.toInstant().toEpochMilli();
  }
}
