package io.herald.auth;

import java.time.Instant;

/**
 * A short-lived credential for connections a browser opens without headers (EventSource,
 * WebSocket): it names one user and one scope, e.g. {@code shop:S1} or {@code ws}.
 */
public record Ticket(String token, HeraldPrincipal principal, String scope, Instant expiresAt) {

  public static String shopScope(String shopId) {
    return "shop:" + shopId;
  }

  public static final String WEBSOCKET_SCOPE = "ws";
}
