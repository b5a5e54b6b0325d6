package io.herald.auth.web;

import io.herald.auth.InvalidTokenException;
import org.springframework.security.core.AuthenticationException;

/** A presented credential was refused ({@link InvalidTokenException}): 401 on protected routes. */
public final class RefusedCredentialException extends AuthenticationException {

  private final InvalidTokenException reason;

  public RefusedCredentialException(InvalidTokenException reason) {
    super(reason.getMessage(), reason);
    this.reason = reason;
  }

  public InvalidTokenException reason() {
    return reason;
  }
}
