package io.herald.gateway.auth;

/**
 * Why a long-lived connection's credentials ended: {@link Kind#EXPIRED} (the access token behind
 * it expired: the client re-authenticates and resumes) or {@link Kind#REVOKED} (the account was
 * deleted, its sign-in session revoked (signed out), or it lost access to what the connection watches: reconnecting with the same credentials
 * will not work).
 */
public record CredentialEnd(Kind kind, String reason) {

  public enum Kind { EXPIRED, REVOKED }

  public static final String TOKEN_EXPIRED = "token-expired";
  public static final String ACCOUNT_DELETED = "account-deleted";
  public static final String ACCESS_REVOKED = "access-revoked";
  public static final String SESSION_REVOKED = "session-revoked";

  static CredentialEnd expired() {
    return new CredentialEnd(Kind.EXPIRED, TOKEN_EXPIRED);
  }

  static CredentialEnd revoked(String reason) {
    return new CredentialEnd(Kind.REVOKED, reason);
  }
}
