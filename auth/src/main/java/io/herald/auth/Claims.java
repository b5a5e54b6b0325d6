package io.herald.auth;

/** Claim and audience names shared by the issuer and the verifiers. */
final class Claims {
  static final String ROLE = "role";
  static final String SHOPS = "shops";
  static final String SCOPE = "scope";
  /** The sign-in session an access token belongs to (revoked with it). */
  static final String SESSION = "sid";
  /** On tickets: expiry of the access token the ticket was exchanged for (epoch seconds). */
  static final String CREDENTIAL_EXPIRY = "cexp";
  /** Audience of access tokens (Authorization: Bearer). */
  static final String ACCESS_AUDIENCE = "herald-api";
  /** Audience of tickets; an access token is never accepted as a ticket and vice versa. */
  static final String TICKET_AUDIENCE = "herald-ticket";

  private Claims() {}
}
