package io.herald.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * A short-lived credential for connections a browser opens without headers (EventSource,
 * WebSocket): it names one user and one scope, e.g. {@code shop:S1} or {@code ws}. The ticket only
 * opens the connection; the connection lives as long as the access token the ticket was exchanged
 * for ({@link #credentialExpiresAt}) and its sign-in session ({@link #sessionId}).
 */
public record Ticket(String token, HeraldPrincipal principal, String scope, Instant expiresAt,
                     Instant credentialExpiresAt, Optional<String> sessionId) {

  public static String shopScope(String shopId) {
    return "shop:" + shopId;
  }

  public static final String WEBSOCKET_SCOPE = "ws";

  /** What the connection opened with this ticket may rely on: the access token behind it. */
  public VerifiedAccess access() {
    return new VerifiedAccess(principal, credentialExpiresAt, sessionId);
  }
}
