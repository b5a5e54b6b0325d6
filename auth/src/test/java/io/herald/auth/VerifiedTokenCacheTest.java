package io.herald.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private final Clock clock = new Clock() {
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now.get(); }
  };
  private final HeraldPrincipal p = new HeraldPrincipal("u", Role.CUSTOMER, Set.of());

  @Test
  void hitsUntilExpiry() {
    VerifiedTokenCache cache = new VerifiedTokenCache(10, clock);
    cache.put("t", p, now.get().plusSeconds(60));
    assertThat(cache.get("t")).isEqualTo(p);
    assertThat(cache.get("t2")).isNull();
    now.set(now.get().plusSeconds(60));
    assertThat(cache.get("t")).as("expired tokens are never served").isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void boundedByLeastRecentlyUsed() {
    VerifiedTokenCache cache = new VerifiedTokenCache(2, clock);
    Instant exp = now.get().plusSeconds(60);
    cache.put("a", p, exp);
    cache.put("b", p, exp);
    cache.get("a");
    cache.put("c", p, exp);
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("a")).isEqualTo(p);
    assertThat(cache.get("c")).isEqualTo(p);
  }
}
