package io.herald.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Signs RS256 access tokens and tickets. Thread-safe. */
public final class TokenIssuer {

  /** A signed token and when it stops being valid. */
  public record Issued(String token, Instant expiresAt) {}

  private final SigningKeys keys;
  private final String issuer;
  private final Duration accessTtl;
  private final Duration ticketTtl;
  private final Clock clock;

  public TokenIssuer(SigningKeys keys, String issuer, Duration accessTtl, Duration ticketTtl, Clock clock) {
    this.keys = keys;
    this.issuer = issuer;
    this.accessTtl = accessTtl;
    this.ticketTtl = ticketTtl;
    this.clock = clock;
  }

  public Issued accessToken(HeraldPrincipal principal) {
    return sign(principal, Claims.ACCESS_AUDIENCE, null, null, accessTtl, null);
  }

  /** An access token of one sign-in session ({@code sid} claim): it stops working when the session is revoked. */
  public Issued accessToken(HeraldPrincipal principal, String sessionId) {
    return sign(principal, Claims.ACCESS_AUDIENCE, null, sessionId, accessTtl, null);
  }

  /** A ticket for one scope ({@link Ticket#shopScope}, {@link Ticket#WEBSOCKET_SCOPE}). */
  public Issued ticket(HeraldPrincipal principal, String scope) {
    return sign(principal, Claims.TICKET_AUDIENCE, scope, null, ticketTtl, null);
  }

  /**
   * A ticket exchanged for the access token {@code access}: the connection it opens ends when that
   * token expires or its session is revoked, not when the (60 s) ticket does.
   */
  public Issued ticket(VerifiedAccess access, String scope) {
    return sign(access.principal(), Claims.TICKET_AUDIENCE, scope, access.sessionId().orElse(null), ticketTtl,
        access.expiresAt());
  }

  private Issued sign(HeraldPrincipal p, String audience, String scope, String sessionId, Duration ttl,
                      Instant credentialExpiresAt) {
    Instant now = clock.instant();
    Instant exp = now.plus(ttl);
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject(p.userId())
        .audience(audience)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(exp))
        .jwtID(UUID.randomUUID().toString())
        .claim(Claims.ROLE, p.role().claim())
        .claim(Claims.SHOPS, List.copyOf(p.shopIds()));
    if (scope != null) {
      claims.claim(Claims.SCOPE, scope);
    }
    if (sessionId != null) {
      claims.claim(Claims.SESSION, sessionId);
    }
    if (credentialExpiresAt != null) {
      claims.claim(Claims.CREDENTIAL_EXPIRY, credentialExpiresAt.getEpochSecond());
    }
    return new Issued(keys.sign(claims.build()), exp);
  }
}
