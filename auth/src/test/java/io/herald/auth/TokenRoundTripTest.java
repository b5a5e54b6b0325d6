package io.herald.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/** Tokens issued here verify against the published JWKS; everything else is refused. */
class TokenRoundTripTest {

  private final SigningKeys keys = SigningKeys.generate();
  private final TokenIssuer issuer = new TokenIssuer(keys, "herald", Duration.ofHours(1), Duration.ofSeconds(60), Clock.systemUTC());
  private final HeraldPrincipal merchant = new HeraldPrincipal("u-1", Role.MERCHANT, Set.of("shop-a"));
  private DisposableServer jwks;
  private TokenVerifier verifier;

  @BeforeEach
  void serveJwks() {
    String body = com.nimbusds.jose.util.JSONObjectUtils.toJSONString(keys.publicJwks());
    jwks = HttpServer.create().host("127.0.0.1").port(0)
        .route(r -> r.get("/.well-known/jwks.json", (req, res) -> res.header("content-type", "application/json").sendString(Mono.just(body))))
        .bindNow();
    verifier = TokenVerifier.fromJwks(URI.create("http://127.0.0.1:" + jwks.port() + "/.well-known/jwks.json"), "herald", WebClient.create());
  }

  @AfterEach
  void stop() {
    jwks.disposeNow();
  }

  @Test
  void accessTokenVerifiesFromJwks() {
    StepVerifier.create(verifier.verifyAccessToken(issuer.accessToken(merchant).token()))
        .assertNext(p -> {
          assertThat(p).isEqualTo(merchant);
          assertThat(p.ownsShop("shop-a")).isTrue();
          assertThat(p.ownsShop("shop-b")).isFalse();
        })
        .verifyComplete();
  }

  @Test
  void ticketIsOnlyValidForItsScope() {
    String ticket = issuer.ticket(merchant, Ticket.shopScope("shop-a")).token();
    StepVerifier.create(verifier.verifyTicket(ticket, Ticket.shopScope("shop-a")))
        .assertNext(t -> assertThat(t.principal().userId()).isEqualTo("u-1")).verifyComplete();
    StepVerifier.create(verifier.verifyTicket(ticket, Ticket.shopScope("shop-b"))).verifyError(InvalidTokenException.class);
  }

  @Test
  void audiencesDoNotMix() {
    StepVerifier.create(verifier.verifyTicket(issuer.accessToken(merchant).token(), Ticket.shopScope("shop-a")))
        .verifyError(InvalidTokenException.class);
    StepVerifier.create(verifier.verifyAccessToken(issuer.ticket(merchant, Ticket.WEBSOCKET_SCOPE).token()))
        .verifyError(InvalidTokenException.class);
  }

  @Test
  void foreignKeyIsRefused() {
    TokenIssuer forger = new TokenIssuer(SigningKeys.generate(), "herald", Duration.ofHours(1), Duration.ofSeconds(60), Clock.systemUTC());
    StepVerifier.create(verifier.verifyAccessToken(forger.accessToken(merchant).token())).verifyError(InvalidTokenException.class);
  }

  @Test
  void tamperedPayloadIsRefused() {
    String[] parts = issuer.accessToken(new HeraldPrincipal("u-2", Role.CUSTOMER, Set.of())).token().split("\\.");
    String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("{\"sub\":\"u-2\",\"role\":\"merchant\",\"shops\":[\"shop-a\"],\"iss\":\"herald\",\"aud\":\"herald-api\",\"exp\":"
            + (Instant.now().getEpochSecond() + 3600) + "}").getBytes());
    StepVerifier.create(verifier.verifyAccessToken(parts[0] + "." + forged + "." + parts[2])).verifyError(InvalidTokenException.class);
  }

  @Test
  void aCachedTokenStillVerifiesAndATamperedCopyOfItDoesNot() {
    String token = issuer.accessToken(merchant).token();
    StepVerifier.create(verifier.verifyAccessToken(token)).expectNext(merchant).verifyComplete();
    StepVerifier.create(verifier.verifyAccessToken(token)).expectNext(merchant).verifyComplete();
    String[] parts = token.split("\\.");
    String otherSignature = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
    StepVerifier.create(verifier.verifyAccessToken(otherSignature)).verifyError(InvalidTokenException.class);
  }

  @Test
  void expiredAndWrongIssuerAreRefused() {
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
    TokenIssuer old = new TokenIssuer(keys, "herald", Duration.ofHours(1), Duration.ofSeconds(60), past);
    StepVerifier.create(verifier.verifyAccessToken(old.accessToken(merchant).token())).verifyError(InvalidTokenException.class);
    TokenIssuer other = new TokenIssuer(keys, "someone-else", Duration.ofHours(1), Duration.ofSeconds(60), Clock.systemUTC());
    StepVerifier.create(verifier.verifyAccessToken(other.accessToken(merchant).token())).verifyError(InvalidTokenException.class);
  }

  @Test
  void garbageAndMissingAreRefused() {
    StepVerifier.create(verifier.verifyAccessToken("not.a.jwt")).verifyError(InvalidTokenException.class);
    StepVerifier.create(verifier.verifyAccessToken("")).verifyError(InvalidTokenException.class);
    assertThat(BearerToken.from("Basic abc")).isEmpty();
    assertThat(BearerToken.from("bearer  xyz ")).contains("xyz");
  }

  @Test
  void keyFileSurvivesRestart(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys/signing-key.json");
    SigningKeys first = SigningKeys.loadOrCreate(file);
    assertThat(Files.exists(file)).isTrue();
    SigningKeys again = SigningKeys.loadOrCreate(file);
    assertThat(again.keyId()).isEqualTo(first.keyId());
    String token = new TokenIssuer(first, "herald", Duration.ofHours(1), Duration.ofSeconds(60), Clock.systemUTC()).accessToken(merchant).token();
    StepVerifier.create(TokenVerifier.fromKeys(again, "herald").verifyAccessToken(token)).expectNext(merchant).verifyComplete();
  }

  @Test
  void correctlySignedTokensMissingOrBendingARequiredClaimAreRefused() {
    StepVerifier.create(verifier.verifyAccessToken(ForgedTokens.wellFormed(keys, "herald", merchant)))
        .expectNext(merchant).verifyComplete();
    ForgedTokens.defective(keys, "herald", merchant).forEach((defect, token) ->
        StepVerifier.create(verifier.verifyAccessToken(token)).as(defect).verifyError(InvalidTokenException.class));
  }

  @Test
  void lifetimeBoundIsTheVerifiersToSet() {
    TokenIssuer longLived = new TokenIssuer(keys, "herald", Duration.ofHours(2), Duration.ofSeconds(60), Clock.systemUTC());
    String token = longLived.accessToken(merchant).token();
    StepVerifier.create(TokenVerifier.fromKeys(keys, "herald").verifyAccessToken(token)).verifyError(InvalidTokenException.class);
    StepVerifier.create(TokenVerifier.fromKeys(keys, "herald", Duration.ofHours(2)).verifyAccess(token))
        .assertNext(v -> {
          assertThat(v.principal()).isEqualTo(merchant);
          assertThat(v.expiresAt()).isAfter(Instant.now().plus(Duration.ofMinutes(119)));
        })
        .verifyComplete();
  }
}
