package io.herald.auth;

import java.net.URI;
import java.time.Duration;
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
 * fetched and cached reactively, or a local public key), issuer, audience and time. Any failure
 * is an {@link InvalidTokenException}.
 */
public final class TokenVerifier {

  /** Verified access tokens remembered per verifier (≈ 1 kB each). */
  static final int CACHE_ENTRIES = 10_000;

  private final ReactiveJwtDecoder accessDecoder;
  private final ReactiveJwtDecoder ticketDecoder;
  private final VerifiedTokenCache verified = new VerifiedTokenCache(CACHE_ENTRIES, java.time.Clock.systemUTC());

  private TokenVerifier(ReactiveJwtDecoder accessDecoder, ReactiveJwtDecoder ticketDecoder) {
    this.accessDecoder = accessDecoder;
    this.ticketDecoder = ticketDecoder;
  }

  /** For services that only hold the issuer's JWKS URL (the gateway). */
  public static TokenVerifier fromJwks(URI jwksUri, String issuer, WebClient webClient) {
    return new TokenVerifier(
        withValidators(NimbusReactiveJwtDecoder.withJwkSetUri(jwksUri.toString()).webClient(webClient).build(), issuer, Claims.ACCESS_AUDIENCE),
        withValidators(NimbusReactiveJwtDecoder.withJwkSetUri(jwksUri.toString()).webClient(webClient).build(), issuer, Claims.TICKET_AUDIENCE));
  }

  /** For the issuing service itself. */
  public static TokenVerifier fromKeys(SigningKeys keys, String issuer) {
    return new TokenVerifier(
        withValidators(NimbusReactiveJwtDecoder.withPublicKey(keys.publicKey()).build(), issuer, Claims.ACCESS_AUDIENCE),
        withValidators(NimbusReactiveJwtDecoder.withPublicKey(keys.publicKey()).build(), issuer, Claims.TICKET_AUDIENCE));
  }

  private static ReactiveJwtDecoder withValidators(NimbusReactiveJwtDecoder decoder, String issuer, String audience) {
    OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(List.of(
        new JwtTimestampValidator(Duration.ofSeconds(30)),
        new JwtIssuerValidator(issuer),
        new JwtClaimValidator<Collection<String>>("aud", aud -> aud != null && aud.contains(audience))));
    decoder.setJwtValidator(validator);
    return decoder;
  }

  public Mono<HeraldPrincipal> verifyAccessToken(String token) {
    HeraldPrincipal known = token == null ? null : verified.get(token);
    if (known != null) {
      return Mono.just(known);
    }
    return decode(accessDecoder, token).map(jwt -> {
      HeraldPrincipal p = principal(jwt);
      verified.put(token, p, jwt.getExpiresAt());
      return p;
    });
  }

  /** A ticket valid for exactly {@code scope}. */
  public Mono<Ticket> verifyTicket(String token, String scope) {
    return decode(ticketDecoder, token).flatMap(jwt -> scope.equals(jwt.getClaimAsString(Claims.SCOPE))
        ? Mono.just(new Ticket(token, principal(jwt), scope, jwt.getExpiresAt()))
        : Mono.error(new InvalidTokenException("ticket is not valid for " + scope)));
  }

  private static Mono<Jwt> decode(ReactiveJwtDecoder decoder, String token) {
    if (token == null || token.isBlank()) {
      return Mono.error(new InvalidTokenException("missing token"));
    }
    return decoder.decode(token).onErrorMap(e -> !(e instanceof InvalidTokenException),
        e -> new InvalidTokenException(e.getMessage()));
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
