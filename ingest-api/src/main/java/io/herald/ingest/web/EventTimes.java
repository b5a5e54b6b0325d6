package io.herald.ingest.web;

import java.time.Instant;

/** Client-supplied event times: trusted within bounds, since the record timestamp drives windows. */
public final class EventTimes {

  private EventTimes() {}

  /** Accepts null (the server time is used) or a time within [now - maxEventAge, now + maxFutureSkew]. */
  public static void check(FieldErrors errors, String field, Instant occurredAt, Instant now, LimitSettings limits) {
    if (occurredAt == null) {
      return;
    }
    if (occurredAt.isAfter(now.plus(limits.maxFutureSkew()))) {
      errors.add(field, "must not be more than " + limits.maxFutureSkew().toMinutes() + " minutes in the future");
    } else if (occurredAt.isBefore(now.minus(limits.maxEventAge()))) {
      errors.add(field, "must not be more than " + limits.maxEventAge().toDays() + " days in the past");
    }
  }
}
