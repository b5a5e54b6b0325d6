package io.herald.ingest.sessions;

import java.time.Instant;

/** One sign-in of one account on one device, as stored (minus its token hashes). */
record Session(String sessionId, String userId, String device, Instant createdAt, Instant lastUsedAt, Instant expiresAt,
               Instant revokedAt) {

  boolean liveAt(Instant now) {
    return revokedAt == null && expiresAt.isAfter(now);
  }

  SessionView view(String currentSessionId) {
    return new SessionView(sessionId, device, createdAt, lastUsedAt, expiresAt, sessionId.equals(currentSessionId));
  }
}
