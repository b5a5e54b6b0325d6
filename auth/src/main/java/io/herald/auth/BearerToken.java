package io.herald.auth;

import java.util.Optional;

/** Reads the token of an {@code Authorization: Bearer ...} header value. */
public final class BearerToken {

  private static final String PREFIX = "bearer ";

  private BearerToken() {}

  public static Optional<String> from(String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.length() <= PREFIX.length()
        || !authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return Optional.empty();
    }
    String token = authorizationHeader.substring(PREFIX.length()).trim();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }
}
