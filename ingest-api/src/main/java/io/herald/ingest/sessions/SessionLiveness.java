package io.herald.ingest.sessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers, for {@code ttl}, whether a session was live, so a client sending requests with its
 * access token costs one database read per session per {@code ttl}, not one per request. Bounded:
 * least recently used entries leave beyond {@code maxEntries}. A revocation through this instance
 * is remembered at once; one through another instance bites within {@code ttl}.
 */
final class SessionLiveness {

  private record Entry(boolean live, Instant trustedUntil) {}

  private final Duration ttl;
  private final Clock clock;
  private final LinkedHashMap<String, Entry> entries;

  SessionLiveness(Duration ttl, int maxEntries, Clock clock) {
    this.ttl = ttl;
    this.clock = clock;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > maxEntries;
      }
    };
  }

  /** The remembered answer, or null when unknown or stale. */
  synchronized Boolean get(String sessionId) {
    Entry e = entries.get(sessionId);
    if (e == null || !clock.instant().isBefore(e.trustedUntil())) {
      return null;
    }
    return e.live();
  }

  /**
   * The last answer however old, or null: used only when the database cannot be asked, so a
   * MongoDB outage does not sign out sessions already seen live (revocations are never stale).
   */
  synchronized Boolean lastKnown(String sessionId) {
    Entry e = entries.get(sessionId);
    return e == null ? null : e.live();
  }

  synchronized void put(String sessionId, boolean live) {
    Entry known = entries.get(sessionId);
    if (known != null && !known.live() && live) {
      return; // revoked is final: a slower, older read must not resurrect it
    }
    entries.put(sessionId, new Entry(live, live ? clock.instant().plus(ttl) : Instant.MAX));
  }

  /** Revocations never expire from the cache by time (only by size): a revoked session stays revoked. */
  synchronized void revoked(String sessionId) {
    entries.put(sessionId, new Entry(false, Instant.MAX));
  }
}
