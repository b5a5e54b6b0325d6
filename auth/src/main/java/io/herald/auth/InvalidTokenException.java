package io.herald.auth;

/** The presented token or ticket is missing, malformed, expired, mis-signed or out of scope: HTTP 401. */
public class InvalidTokenException extends RuntimeException {

  /** The problem+json {@code type} of every 401 for a missing or refused token, in every service. */
  public static final String PROBLEM_TYPE = "urn:herald:problem:invalid-token";
  /** The {@code WWW-Authenticate} value of that 401 (RFC 6750). */
  public static final String CHALLENGE = "Bearer error=\"invalid_token\"";

  public InvalidTokenException(String message) {
    super(message, null, false, false);
  }
}
