package io.herald.web.ratelimit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A {@link TokenBucket} per key in a bounded LRU map: at most {@code maxKeys} buckets, the least recently
 * used evicted first (an evicted key starts again with a full bucket, which errs on the side of
 * serving). One lock; every operation is O(1) and does no I/O, so it is safe on an event loop.
 */
public final class RateLimiter {

  private final double perSecond;
  private final int burst;
  private final LongSupplier nanoClock;
  private final Map<String, TokenBucket> buckets;

  public RateLimiter(double perSecond, int burst, int maxKeys, LongSupplier nanoClock) {
    if (perSecond <= 0 || burst < 1 || maxKeys < 1) {
      throw new IllegalArgumentException("rate, burst and maxKeys must be positive");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.nanoClock = nanoClock;
    this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
        return size() > maxKeys;
      }
    };
  }

  /** Takes one token for {@code key}; returns {@link Duration#ZERO} when allowed, else the wait. */
  public synchronized Duration acquire(String key) {
    return buckets.computeIfAbsent(key, k -> new TokenBucket(perSecond, burst, nanoClock)).acquire();
  }

  public synchronized int trackedKeys() {
    return buckets.size();
  }
}
