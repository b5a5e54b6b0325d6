package io.herald.web.ratelimit;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket: {@code burst} tokens, refilled at {@code perSecond}; each request or frame takes one.
 * Lets a client burst while bounding its sustained rate. O(1), no I/O: safe on an event loop.
 */
public final class TokenBucket {

  private final double capacity;
  private final double tokensPerNano;
  private final LongSupplier nanoTime;
  private double tokens;
  private long refilledAt;

  /** A full bucket; {@code nanoTime} is the clock ({@code System::nanoTime}, or a test's). */
  public TokenBucket(double perSecond, int burst, LongSupplier nanoTime) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("rate and burst must be positive");
    }
    this.capacity = burst;
    this.tokensPerNano = perSecond / 1e9;
    this.nanoTime = nanoTime;
    this.tokens = burst;
    this.refilledAt = nanoTime.getAsLong();
  }

  /** Takes one token; {@link Duration#ZERO} when there was one, else how long until there is. */
  public synchronized Duration acquire() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil((1 - tokens) / tokensPerNano));
  }

  /** Takes one token if there is one. */
  public boolean tryTake() {
    return acquire().isZero();
  }
}
