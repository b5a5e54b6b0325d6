package io.herald.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.auth.ForgedTokens;
import io.herald.auth.HeraldPrincipal;
import io.herald.auth.InvalidTokenException;
import io.herald.auth.Role;
import io.herald.gateway.GatewayIntegrationTestBase;
import io.herald.gateway.HttpProbe;
import io.herald.gateway.SseClient;
import io.herald.gateway.TestTokens;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Who may watch a shop's stream, and how each refusal looks. */
class StreamAuthIntegrationTest extends GatewayIntegrationTestBase {

  private final String shopA = newShop();
  private final String shopB = newShop();

  private ResponseEntity<String> stream(String shop, String query, Consumer<HttpHeaders> headers) {
    return HttpProbe.get(port, "/v1/shops/" + shop + "/stream" + query, headers);
  }

  @Test
  void noCredentialsIs401ProblemWithBearerChallenge() {
    ResponseEntity<String> r = stream(shopA, "", h -> { });

    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(r.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer error=\"invalid_token\"");
    assertThat(r.getBody()).contains("\"status\":401", "\"instance\":\"/v1/shops/" + shopA + "/stream\"",
        "\"type\":\"" + InvalidTokenException.PROBLEM_TYPE + "\"");
  }

  @Test
  void aRefusedTicketIsNeverEchoedBack() {
    ResponseEntity<String> r = stream(shopA, "?ticket=secret-ticket-value", h -> { });

    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(r.getBody()).doesNotContain("secret-ticket-value");
  }

  @Test
  void invalidOrForgedTokensAre401() {
    assertThat(stream(shopA, "", h -> h.setBearerAuth("not-a-jwt")).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(stream(shopA, "", h -> h.setBearerAuth(TestTokens.forgedMerchant(shopA))).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(stream(shopA, "", h -> h.setBasicAuth("merchant", "secret")).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(stream(shopA, "", h -> h.setBearerAuth(TestTokens.shopTicket(shopA, shopA))).getStatusCode())
        .as("a ticket is not an access token").isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void correctlySignedTokensMissingOrBendingARequiredClaimAre401OnTheStreamAndTheWebSocketHandshake() {
    HeraldPrincipal owner = new HeraldPrincipal("merchant-forge", Role.MERCHANT, Set.of(shopA));
    try (SseClient baseline = SseClient.open(port, shopA, ForgedTokens.wellFormed(TestTokens.keys(), "herald", owner))) {
      baseline.awaitConnected();
    }
    ForgedTokens.defective(TestTokens.keys(), "herald", owner).forEach((defect, token) -> {
      assertThat(stream(shopA, "", h -> h.setBearerAuth(token)).getStatusCode()).as("SSE, %s", defect)
          .isEqualTo(HttpStatus.UNAUTHORIZED);
      assertThat(HttpProbe.get(port, "/v1/ws", h -> {
        h.setBearerAuth(token);
        h.set(HttpHeaders.CONNECTION, "Upgrade");
        h.set(HttpHeaders.UPGRADE, "websocket");
        h.set("Sec-WebSocket-Version", "13");
        h.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
      }).getStatusCode()).as("WebSocket handshake, %s", defect).isEqualTo(HttpStatus.UNAUTHORIZED);
      assertThat(HttpProbe.get(port, "/v1/conversations", h -> h.setBearerAuth(token)).getStatusCode())
          .as("history, %s", defect).isEqualTo(HttpStatus.UNAUTHORIZED);
    });
  }

  @Test
  void aMerchantOfAnotherShopIs403() {
    ResponseEntity<String> r = stream(shopA, "", h -> h.setBearerAuth(TestTokens.merchant(shopB)));

    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void aCustomerIs403EvenForAShopInTheirToken() {
    assertThat(stream(shopA, "", h -> h.setBearerAuth(TestTokens.customer())).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void anAccessTokenPassedAsTicketIsRefused() {
    ResponseEntity<String> r = stream(shopA, "?ticket=" + TestTokens.merchant(shopA), h -> { });

    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(r.getBody()).doesNotContain(TestTokens.merchant(shopA).substring(0, 20));
  }

  @Test
  void aTicketForShopAIsRefusedOnShopB() {
    String ticketForA = TestTokens.shopTicket(shopA, shopA, shopB);

    assertThat(stream(shopB, "?ticket=" + ticketForA, h -> { }).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void aTicketOfAMerchantWhoNoLongerOwnsTheShopIs403() {
    String ticket = TestTokens.shopTicket(shopA, shopB);

    assertThat(stream(shopA, "?ticket=" + ticket, h -> { }).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void aTicketForTheShopOpensTheStreamAsDoesABearerToken() {
    try (SseClient byTicket = SseClient.open(port, "/v1/shops/" + shopA + "/stream?ticket=" + TestTokens.shopTicket(shopA, shopA),
        null, null);
         SseClient byBearer = SseClient.open(port, shopA, TestTokens.merchant(shopA))) {
      byTicket.awaitConnected();
      byBearer.awaitConnected();
    }
  }
}
