package io.herald.ingest.tokens;

import io.herald.auth.ForgedTokens;
import io.herald.auth.HeraldPrincipal;
import io.herald.auth.Role;
import io.herald.auth.SigningKeys;
import io.herald.ingest.IngestIntegrationTest;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Tokens signed with the ingest API's own key but missing {@code exp}, {@code iat}, {@code aud}
 * or {@code iss}, or living too long, are refused on every guarded route with the documented 401.
 */
class ForgedTokenIntegrationTest extends IngestIntegrationTest {

  @Autowired
  private SigningKeys keys;

  private final HeraldPrincipal merchant = new HeraldPrincipal(unique("mallory"), Role.MERCHANT, Set.of("shop-m"));

  private WebTestClient.ResponseSpec ticket(String token) {
    return web.post().uri("/v1/tickets").contentType(MediaType.APPLICATION_JSON)
        .header(HttpHeaders.AUTHORIZATION, bearer(token)).bodyValue(Map.of("scope", "ws")).exchange();
  }

  private WebTestClient.ResponseSpec checkout(String token) {
    return web.post().uri("/v1/shops/shop-m/checkouts").contentType(MediaType.APPLICATION_JSON)
        .header(HttpHeaders.AUTHORIZATION, bearer(token))
        .bodyValue(Map.of("checkoutId", "c-1", "totalMinor", 100, "currency", "EUR",
            "items", java.util.List.of(Map.of("sku", "s", "name", "n", "quantity", 1, "unitPriceMinor", 100))))
        .exchange();
  }

  @Test
  void theWellFormedBaselinePasses() {
    ticket(ForgedTokens.wellFormed(keys, "herald", merchant)).expectStatus().isCreated();
  }

  @Test
  void eachMissingOrBadClaimIs401OnEveryGuardedRoute() {
    ForgedTokens.defective(keys, "herald", merchant).forEach((defect, token) -> {
      assertInvalidToken(ticket(token), defect);
      assertInvalidToken(checkout(token), defect);
      assertInvalidToken(web.get().uri("/v1/users/me").header(HttpHeaders.AUTHORIZATION, bearer(token)).exchange(), defect);
    });
  }

  @Test
  void aMissingTokenIsTheDocumented401Problem() {
    assertInvalidToken(web.get().uri("/v1/users/me").exchange(), "no token");
    assertInvalidToken(web.get().uri("/v1/users/me").header(HttpHeaders.AUTHORIZATION, "Basic YTpi").exchange(), "basic");
  }

  static void assertInvalidToken(WebTestClient.ResponseSpec response, String why) {
    response.expectStatus().isUnauthorized()
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
        .expectBody()
        .jsonPath("$.type").isEqualTo(io.herald.auth.InvalidTokenException.PROBLEM_TYPE)
        .jsonPath("$.status").isEqualTo(401);
  }
}
