package io.herald.auth;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Verifies access tokens and tickets without blocking: signature (RS256, keys from a JWKS URL
 * fetched and cached reactively, or a local public key), issuer, audience and time. {@code exp},
 * {@code iat}, {@code iss} and {@code aud} are required, and {@code exp - iat} may not exceed the
 * kind's maximum lifetime, so a correctly signed token without expiry (or with a century of it)
 * is refused. Any failure is an {@link InvalidTokenException}.
 */
public final class TokenVerifier {

  /** Verified access tokens remembered per verifier (≈ 1 kB each). */
  static final int CACHE_ENTRIES = 10_000;
  /** Clock difference tolerated between the issuing and the verifying host, on exp, nbf and iat. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
  /** Default upper bound of an access token's lifetime ({@code exp - iat}). */
  public static final Duration DEFAULT_MAX_ACCESS_LIFETIME = Duration.ofHours(1);
  /** Upper bound of a ticket's lifetime; tickets travel in URLs and are issued for 60 s. */
  public static final Duration MAX_TICKET_LIFETIME = Duration.ofMinutes(5);

  private final ReactiveJwtDecoder accessDecoder;
  private final ReactiveJwtDecoder ticketDecoder;
  private final VerifiedTokenCache verified = new VerifiedTokenCache(CACHE_ENTRIES, java.time.Clock.systemUTC());

  private final Duration maxAccessLifetime;

  private TokenVerifier(ReactiveJwtDecoder accessDecoder, ReactiveJwtDecoder ticketDecoder, Duration maxAccessLifetime) {
    this.accessDecoder = accessDecoder;
    this.ticketDecoder = ticketDecoder;
    this.maxAccessLifetime = maxAccessLifetime;
  }

  /** For services that only hold the issuer's JWKS URL (the gateway). */
  public static TokenVerifier fromJwks(URI jwksUri, String issuer, WebClient webClient) {
    return fromJwks(jwksUri, issuer, webClient, DEFAULT_MAX_ACCESS_LIFETIME);
  }

  /** As above; access tokens living longer than {@code maxAccessLifetime} are refused. */
  public static TokenVerifier fromJwks(URI jwksUri, String issuer, WebClient webClient, Duration maxAccessLifetime) {
    return new TokenVerifier(
        withValidators(NimbusReactiveJwtDecoder.withJwkSetUri(jwksUri.toString()).webClient(webClient).build(), issuer,
            Claims.ACCESS_AUDIENCE, maxAccessLifetime),
        withValidators(NimbusReactiveJwtDecoder.withJwkSetUri(jwksUri.toString()).webClient(webClient).build(), issuer,
            Claims.TICKET_AUDIENCE, MAX_TICKET_LIFETIME), maxAccessLifetime);
  }

  /** For the issuing service itself. */
  public static TokenVerifier fromKeys(SigningKeys keys, String issuer) {
    return fromKeys(keys, issuer, DEFAULT_MAX_ACCESS_LIFETIME);
  }

  /** As above; access tokens living longer than {@code maxAccessLifetime} are refused. */
  public static TokenVerifier fromKeys(SigningKeys keys, String issuer, Duration maxAccessLifetime) {
    return new TokenVerifier(
        withValidators(NimbusReactiveJwtDecoder.withPublicKey(keys.publicKey()).build(), issuer,
            Claims.ACCESS_AUDIENCE, maxAccessLifetime),
        withValidators(NimbusReactiveJwtDecoder.withPublicKey(keys.publicKey()).build(), issuer,
            Claims.TICKET_AUDIENCE, MAX_TICKET_LIFETIME), maxAccessLifetime);
  }

  private static ReactiveJwtDecoder withValidators(NimbusReactiveJwtDecoder decoder, String issuer, String audience,
      Duration maxLifetime) {
    OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(List.of(
        new JwtTimestampValidator(CLOCK_SKEW),
        new JwtIssuerValidator(issuer),
        new JwtClaimValidator<Collection<String>>("aud", aud -> aud != null && aud.contains(audience)),
        new BoundedLifetimeValidator(maxLifetime, CLOCK_SKEW, java.time.Clock.systemUTC())));
    decoder.setJwtValidator(validator);
    return decoder;
  }

  public Mono<HeraldPrincipal> verifyAccessToken(String token) {
    return verifyAccess(token).map(VerifiedAccess::principal);
  }

  /** The caller, expiry and session of a valid access token. */
  public Mono<VerifiedAccess> verifyAccess(String token) {
    VerifiedAccess known = token == null ? null : verified.getVerified(token);
    if (known != null) {
      return Mono.just(known);
    }
    return decode(accessDecoder, token).map(jwt -> {
      VerifiedAccess v = new VerifiedAccess(principal(jwt), jwt.getExpiresAt(),
          java.util.Optional.ofNullable(jwt.getClaimAsString(Claims.SESSION)));
      verified.put(token, v);
      return v;
    });
  }

  /** A ticket valid for exactly {@code scope}. */
  public Mono<Ticket> verifyTicket(String token, String scope) {
    return decode(ticketDecoder, token).flatMap(jwt -> scope.equals(jwt.getClaimAsString(Claims.SCOPE))
        ? Mono.just(new Ticket(token, principal(jwt), scope, jwt.getExpiresAt(), credentialExpiry(jwt),
            java.util.Optional.ofNullable(jwt.getClaimAsString(Claims.SESSION))))
        : Mono.error(new InvalidTokenException("ticket is not valid for " + scope)));
  }

  private static Mono<Jwt> decode(ReactiveJwtDecoder decoder, String token) {
    if (token == null || token.isBlank()) {
      return Mono.error(new InvalidTokenException("missing token"));
    }
    return decoder.decode(token).onErrorMap(e -> !(e instanceof InvalidTokenException),
        e -> new InvalidTokenException(e.getMessage()));
  }

  /**
   * When the connection a ticket opened must end: the exchanged access token's expiry, never later
   * than the longest an access token may live after the ticket was issued. Without the claim, the
   * ticket's own expiry.
   */
  private Instant credentialExpiry(Jwt jwt) {
    Object cexp = jwt.getClaims().get(Claims.CREDENTIAL_EXPIRY);
    if (!(cexp instanceof Number n)) {
      return jwt.getExpiresAt();
    }
    Instant claimed = Instant.ofEpochSecond(n.longValue());
    Instant bound = jwt.getIssuedAt().plus(maxAccessLifetime);
    return claimed.isAfter(bound) ? bound : claimed;
  }

  private static HeraldPrincipal principal(Jwt jwt) {
    List<String> shops = jwt.getClaimAsStringList(Claims.SHOPS);
    String role = jwt.getClaimAsString(Claims.ROLE);
    if (jwt.getSubject() == null || role == null) {
      throw new InvalidTokenException("token lacks subject or role");
    }
    try {
      return new HeraldPrincipal(jwt.getSubject(), Role.fromClaim(role), shops == null ? Set.of() : Set.copyOf(shops));
    } catch (IllegalArgumentException e) {
      throw new InvalidTokenException("unknown role " + role);
    }
  }
}
