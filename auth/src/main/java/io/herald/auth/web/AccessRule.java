package io.herald.auth.web;

/**
 * Who may call a route. Every route names one; anything not named is {@link #DENIED} (deny by
 * default). Ownership (a merchant's shops) and conversation membership are decided by the feature.
 */
public enum AccessRule {
  /** No credential needed (sign-up, sign-in, public keys, health); a presented one is ignored. */
  ANONYMOUS,
  /** A valid access token ({@code Authorization: Bearer}); a ticket does not do. */
  USER,
  /** A merchant's access token, or a ticket of this route's scope exchanged by a merchant. */
  MERCHANT,
  /** An access token, or a ticket of this route's scope (browsers cannot set headers on EventSource/WebSocket). */
  TICKET,
  /** Nobody. */
  DENIED
}
