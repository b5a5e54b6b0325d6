package io.herald.gateway.chat;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code capacity} tokens, refilled at {@code perSecond}; each frame takes one.
 * Lets a client burst (e.g. a batch of receipts after reconnecting) while bounding its sustained rate.
 */
final class TokenBucket {

  private final double capacity;
  private final double tokensPerNano;
  private final LongSupplier nanoTime;
  private double tokens;
  private long refilledAt;

  TokenBucket(int perSecond, int capacity, LongSupplier nanoTime) {
    this.capacity = capacity;
    this.tokensPerNano = perSecond / 1e9;
    this.nanoTime = nanoTime;
    this.tokens = capacity;
    this.refilledAt = nanoTime.getAsLong();
  }

  synchronized boolean tryTake() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
