package io.herald.web.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final AtomicLong nanos = new AtomicLong();

  @Test
  void allowsABurstThenRefillsAtTheRate() {
    RateLimiter limiter = new RateLimiter(10, 3, 100, nanos::get);
    assertThat(limiter.acquire("u")).isZero();
    assertThat(limiter.acquire("u")).isZero();
    assertThat(limiter.acquire("u")).isZero();
    Duration wait = limiter.acquire("u");
    assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMillis(100));
    nanos.addAndGet(Duration.ofMillis(100).toNanos());
    assertThat(limiter.acquire("u")).isZero();
    assertThat(limiter.acquire("u")).isPositive();
  }

  @Test
  void keysAreIndependent() {
    RateLimiter limiter = new RateLimiter(1, 1, 100, nanos::get);
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isPositive();
    assertThat(limiter.acquire("b")).isZero();
  }

  @Test
  void tracksAtMostMaxKeysEvictingTheLeastRecentlyUsed() {
    RateLimiter limiter = new RateLimiter(1, 1, 2, nanos::get);
    limiter.acquire("a");
    limiter.acquire("b");
    assertThat(limiter.acquire("a")).isPositive(); // touches a: b is now the eldest
    limiter.acquire("c");
    assertThat(limiter.trackedKeys()).isEqualTo(2);
    assertThat(limiter.acquire("a")).as("a survived eviction, still empty").isPositive();
    assertThat(limiter.acquire("b")).as("b was evicted, starts full").isZero();
  }
}
