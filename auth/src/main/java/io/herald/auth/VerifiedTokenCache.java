package io.herald.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers access tokens already verified, until they expire, so a client sending the same
 * token with every request pays the RS256 check once (it was a third of the ingest API's CPU).
 * Bounded: least recently used entries are evicted beyond {@code maxEntries}. Keyed by the whole
 * token string, so a token differing by one byte is verified afresh.
 */
final class VerifiedTokenCache {

  private final int maxEntries;
  private final Clock clock;
  private final LinkedHashMap<String, VerifiedAccess> entries;

  VerifiedTokenCache(int maxEntries, Clock clock) {
    this.maxEntries = maxEntries;
    this.clock = clock;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, VerifiedAccess> eldest) {
        return size() > VerifiedTokenCache.this.maxEntries;
      }
    };
  }

  /** The principal of a still-valid cached token, or null. */
  HeraldPrincipal get(String token) {
    VerifiedAccess e = getVerified(token);
    return e == null ? null : e.principal();
  }

  /** A still-valid cached token (never past its {@code exp}), or null. */
  synchronized VerifiedAccess getVerified(String token) {
    VerifiedAccess e = entries.get(token);
    if (e == null) {
      return null;
    }
    if (!clock.instant().isBefore(e.expiresAt())) {
      entries.remove(token);
      return null;
    }
    return e;
  }

  synchronized void put(String token, HeraldPrincipal principal, Instant expiresAt) {
    put(token, new VerifiedAccess(principal, expiresAt, java.util.Optional.empty()));
  }

  synchronized void put(String token, VerifiedAccess verified) {
    if (maxEntries > 0 && verified.expiresAt() != null) {
      entries.put(token, verified);
    }
  }

  synchronized int size() {
    return entries.size();
  }
}
