package io.herald.ingest.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets per key in a bounded LRU map: at most {@code maxKeys} buckets, the least recently
 * used evicted first (an evicted key starts again with a full bucket, which errs on the side of
 * serving). One lock; every operation is O(1) and does no I/O, so it is safe on an event loop.
 */
public final class RateLimiter {

  private static final class Bucket {
    double tokens;
    long refilledAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }
  }

  private final double perNano;
  private final int burst;
  private final LongSupplier nanoClock;
  private final Map<String, Bucket> buckets;

  public RateLimiter(double perSecond, int burst, int maxKeys, LongSupplier nanoClock) {
    if (perSecond <= 0 || burst < 1 || maxKeys < 1) {
      throw new IllegalArgumentException("rate, burst and maxKeys must be positive");
    }
    this.perNano = perSecond / 1_000_000_000d;
    this.burst = burst;
    this.nanoClock = nanoClock;
    this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
        return size() > maxKeys;
      }
    };
  }

  /** Takes one token for {@code key}; returns {@link Duration#ZERO} when allowed, else the wait. */
  public synchronized Duration acquire(String key) {
    long now = nanoClock.getAsLong();
    Bucket b = buckets.get(key);
    if (b == null) {
      b = new Bucket(burst, now);
      buckets.put(key, b);
    } else {
      b.tokens = Math.min(burst, b.tokens + (now - b.refilledAt) * perNano);
      b.refilledAt = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil((1 - b.tokens) / perNano));
  }

  public synchronized int trackedKeys() {
    return buckets.size();
  }
}
