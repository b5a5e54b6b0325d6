package io.herald.auth;

/** The presented token or ticket is missing, malformed, expired, mis-signed or out of scope: HTTP 401. */
public class InvalidTokenException extends RuntimeException {
  public InvalidTokenException(String message) {
    super(message, null, false, false);
  }
}
