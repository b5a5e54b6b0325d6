package io.herald.notifier;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** Exponential back-off with jitter: {@code min(max, initial * 2^(retry-1))}, minus a random share of up to {@code jitter}. */
public final class Backoff {

  private final Duration initial;
  private final Duration max;
  private final double jitter;
  private final DoubleSupplier random;

  public Backoff(Duration initial, Duration max, double jitter, DoubleSupplier random) {
    this.initial = initial;
    this.max = max;
    this.jitter = jitter;
    this.random = random;
  }

  /** The wait before retry number {@code retry} (1 = the first retry). */
  public Duration before(int retry) {
    long base = initial.toMillis();
    for (int i = 1; i < retry && base < max.toMillis(); i++) {
      base *= 2;
    }
    base = Math.min(base, max.toMillis());
    return Duration.ofMillis(Math.round(base * (1 - jitter * random.getAsDouble())));
  }
}
