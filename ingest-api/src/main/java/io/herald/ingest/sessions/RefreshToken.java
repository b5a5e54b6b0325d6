package io.herald.ingest.sessions;

import io.herald.schemas.digest.Digests;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * An opaque refresh token {@code <sessionId>.<256 random bits>}. Only its SHA-256 is stored, so a
 * copy of the database hands out no usable token; the session id lets one lookup by key find the
 * family. (A plain hash suffices: the secret has 256 bits of entropy, nothing to brute-force.)
 */
record RefreshToken(String sessionId, String value) {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_LENGTH = 128;

  static RefreshToken issue(String sessionId) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return new RefreshToken(sessionId, sessionId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  /** Empty for anything not shaped like a token this service issued. */
  static Optional<RefreshToken> parse(String value) {
    if (value == null || value.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    int dot = value.indexOf('.');
    if (dot <= 0 || dot == value.length() - 1) {
      return Optional.empty();
    }
    try {
      String sid = UUID.fromString(value.substring(0, dot)).toString();
      return Optional.of(new RefreshToken(sid, value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static String newSessionId() {
    return UUID.randomUUID().toString();
  }

  String hash() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Digests.sha256(value));
  }

  @Override
  public String toString() {
    return "RefreshToken[session=" + sessionId + "]";
  }
}
