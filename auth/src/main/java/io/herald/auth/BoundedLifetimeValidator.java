package io.herald.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Requires {@code exp} and {@code iat}, {@code iat} not in the future (beyond the clock skew) and
 * {@code exp - iat} within the maximum lifetime. Spring's timestamp validator accepts a token
 * without {@code exp}; this one does not.
 */
final class BoundedLifetimeValidator implements OAuth2TokenValidator<Jwt> {

  private final Duration maxLifetime;
  private final Duration skew;
  private final Clock clock;

  BoundedLifetimeValidator(Duration maxLifetime, Duration skew, Clock clock) {
    this.maxLifetime = maxLifetime;
    this.skew = skew;
    this.clock = clock;
  }

  @Override
  public OAuth2TokenValidatorResult validate(Jwt jwt) {
    Instant exp = jwt.getExpiresAt();
    Instant iat = jwt.getIssuedAt();
    if (exp == null) {
      return fail("token has no exp");
    }
    if (iat == null) {
      return fail("token has no iat");
    }
    if (iat.isAfter(clock.instant().plus(skew))) {
      return fail("token issued in the future");
    }
    if (!exp.isAfter(iat)) {
      return fail("token expires before it was issued");
    }
    if (Duration.between(iat, exp).compareTo(maxLifetime) > 0) {
      return fail("token lifetime exceeds " + maxLifetime);
    }
    return OAuth2TokenValidatorResult.success();
  }

  private static OAuth2TokenValidatorResult fail(String why) {
    return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, why, null));
  }
}
