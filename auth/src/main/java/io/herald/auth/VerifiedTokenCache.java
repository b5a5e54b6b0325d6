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

  private record Entry(HeraldPrincipal principal, Instant expiresAt) {}

  private final int maxEntries;
  private final Clock clock;
  private final LinkedHashMap<String, Entry> entries;

  VerifiedTokenCache(int maxEntries, Clock clock) {
    this.maxEntries = maxEntries;
    this.clock = clock;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > VerifiedTokenCache.this.maxEntries;
      }
    };
  }

  /** The principal of a still-valid cached token, or null. */
  synchronized HeraldPrincipal get(String token) {
    Entry e = entries.get(token);
    if (e == null) {
      return null;
    }
    if (!clock.instant().isBefore(e.expiresAt())) {
      entries.remove(token);
      return null;
    }
    return e.principal();
  }

  synchronized void put(String token, HeraldPrincipal principal, Instant expiresAt) {
    if (maxEntries > 0 && expiresAt != null) {
      entries.put(token, new Entry(principal, expiresAt));
    }
  }

  synchronized int size() {
    return entries.size();
  }
}
