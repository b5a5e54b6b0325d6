package io.herald.gateway;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.herald.auth.HeraldPrincipal;
import io.herald.auth.Role;
import io.herald.auth.SigningKeys;
import io.herald.auth.Ticket;
import io.herald.auth.TokenIssuer;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * The token issuer of the tests: its own key pair, and the JWKS served on a random local port
 * (standing in for the ingest API). One per test JVM.
 */
public final class TestTokens {

  private static final SigningKeys KEYS = SigningKeys.generate();
  private static final TokenIssuer ISSUER =
      new TokenIssuer(KEYS, "herald", Duration.ofHours(1), Duration.ofSeconds(60), Clock.systemUTC());
  // Own event loops: closing a gateway context may dispose reactor-netty's global ones.
  private static final DisposableServer JWKS = HttpServer.create().runOn(LoopResources.create("test-jwks", 1, true))
      .host("127.0.0.1").port(0)
      .route(routes -> routes.get("/.well-known/jwks.json", (req, res) -> res
          .header("Content-Type", "application/json")
          .sendString(Mono.just(JSONObjectUtils.toJSONString(KEYS.publicJwks())))))
      .bindNow();

  private TestTokens() {}

  /** The key the gateway under test trusts (for forging correctly signed, defective tokens). */
  public static SigningKeys keys() {
    return KEYS;
  }

  public static String jwksUri() {
    return "http://127.0.0.1:" + JWKS.port() + "/.well-known/jwks.json";
  }

  public static String merchant(String... shops) {
    return ISSUER.accessToken(new HeraldPrincipal("merchant-" + String.join("-", shops), Role.MERCHANT, Set.of(shops))).token();
  }

  /** A merchant's access token of user {@code userId} that expires {@code ttl} from now. */
  public static String merchantExpiringIn(Duration ttl, String userId, String... shops) {
    return new TokenIssuer(KEYS, "herald", ttl, Duration.ofSeconds(60), Clock.systemUTC())
        .accessToken(new HeraldPrincipal(userId, Role.MERCHANT, Set.of(shops))).token();
  }

  /** A merchant's access token of user {@code userId} issued for sign-in session {@code sessionId} ({@code sid}). */
  public static String merchantInSession(String sessionId, String userId, String... shops) {
    return ISSUER.accessToken(new HeraldPrincipal(userId, Role.MERCHANT, Set.of(shops)), sessionId).token();
  }

  /** A chat user's access token issued for sign-in session {@code sessionId} ({@code sid}). */
  public static String userInSession(String sessionId, String userId) {
    return ISSUER.accessToken(new HeraldPrincipal(userId, Role.CUSTOMER, Set.of()), sessionId).token();
  }

  public static String customer() {
    return ISSUER.accessToken(new HeraldPrincipal("customer-1", Role.CUSTOMER, Set.of())).token();
  }

  public static String shopTicket(String shopId, String... ownedShops) {
    return ISSUER.ticket(new HeraldPrincipal("merchant-t", Role.MERCHANT, Set.of(ownedShops)), Ticket.shopScope(shopId)).token();
  }

  /** A chat user's access token. */
  public static String user(String userId) {
    return ISSUER.accessToken(new HeraldPrincipal(userId, Role.CUSTOMER, Set.of())).token();
  }

  /** A chat user's access token that expires {@code ttl} from now. */
  public static String userExpiringIn(Duration ttl, String userId) {
    return new TokenIssuer(KEYS, "herald", ttl, Duration.ofSeconds(60), Clock.systemUTC())
        .accessToken(new HeraldPrincipal(userId, Role.CUSTOMER, Set.of())).token();
  }

  /** An access token that expired {@code ago} (less than the verifier's clock skew: still accepted). */
  public static String userExpiredAgo(Duration ago, String userId) {
    Duration ttl = Duration.ofMinutes(1);
    return new TokenIssuer(KEYS, "herald", ttl, Duration.ofSeconds(60), Clock.offset(Clock.systemUTC(), ago.plus(ttl).negated()))
        .accessToken(new HeraldPrincipal(userId, Role.CUSTOMER, Set.of())).token();
  }

  /** A chat user's WebSocket ticket (scope {@code ws}), as the ingest API issues it to browsers. */
  public static String wsTicket(String userId) {
    return ISSUER.ticket(new HeraldPrincipal(userId, Role.CUSTOMER, Set.of()), Ticket.WEBSOCKET_SCOPE).token();
  }

  /** Signed by a key the gateway does not know. */
  public static String forgedMerchant(String shop) {
    TokenIssuer other = new TokenIssuer(SigningKeys.generate(), "herald", Duration.ofHours(1), Duration.ofSeconds(60),
        Clock.systemUTC());
    return other.accessToken(new HeraldPrincipal("mallory", Role.MERCHANT, Set.of(shop))).token();
  }
}
