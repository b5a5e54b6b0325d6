package io.herald.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A UTC clock a test moves by hand; safe to read from other threads. */
public final class MutableClock extends Clock {

  private final AtomicReference<Instant> now;
  private volatile Duration tick = Duration.ZERO;

  public MutableClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  public void advance(Duration d) {
    now.updateAndGet(t -> t.plus(d));
  }

  /** From now on every reading returns the time, then moves it on by {@code step} (time passing while code runs). */
  public MutableClock advancingOnEveryRead(Duration step) {
    tick = step;
    return this;
  }

  @Override
  public Instant instant() {
    Duration step = tick;
    return step.isZero() ? now.get() : now.getAndUpdate(t -> t.plus(step));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
