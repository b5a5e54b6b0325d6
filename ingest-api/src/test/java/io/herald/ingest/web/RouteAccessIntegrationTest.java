package io.herald.ingest.web;

import static io.herald.auth.web.AccessRule.ANONYMOUS;
import static io.herald.auth.web.AccessRule.DENIED;
import static io.herald.auth.web.AccessRule.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.auth.web.AccessProbe;
import io.herald.auth.web.AccessRule;
import io.herald.auth.web.RouteInventory.Route;
import io.herald.ingest.IngestIntegrationTest;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.server.WebFilterChainProxy;

/**
 * Every route of the ingest API, read from its handler mappings, has the access rule this test
 * expects, checked by trying to get in through the real security chain; a route not listed here
 * fails the test, and a route nobody opened is denied.
 */
class RouteAccessIntegrationTest extends IngestIntegrationTest {

  private static final Map<String, AccessRule> EXPECTED = new TreeMap<>(Map.ofEntries(
      Map.entry("POST /v1/users", ANONYMOUS),
      Map.entry("POST /v1/sessions", ANONYMOUS),
      Map.entry("POST /v1/sessions/refresh", ANONYMOUS),
      Map.entry("GET /.well-known/jwks.json", ANONYMOUS),
      Map.entry("GET /v1/notifications/unsubscribe", ANONYMOUS),
      Map.entry("POST /v1/notifications/unsubscribe", ANONYMOUS),
      Map.entry("GET /actuator/health", ANONYMOUS),
      Map.entry("GET /actuator/health/{*path}", ANONYMOUS),
      Map.entry("GET /actuator/prometheus", ANONYMOUS),
      Map.entry("GET /actuator", DENIED), // the endpoint index: not needed by anyone
      Map.entry("GET /**", DENIED), // static resources: the API serves none
      Map.entry("GET /webjars/**", DENIED),
      Map.entry("GET /v1/users/me", USER),
      Map.entry("PATCH /v1/users/me", USER),
      Map.entry("DELETE /v1/users/me", USER),
      Map.entry("POST /v1/users/me/shops", USER),
      Map.entry("GET /v1/sessions", USER),
      Map.entry("DELETE /v1/sessions/current", USER),
      Map.entry("DELETE /v1/sessions/{sessionId}", USER),
      Map.entry("GET /v1/users/me/devices", USER),
      Map.entry("POST /v1/users/me/devices", USER),
      Map.entry("DELETE /v1/users/me/devices/{token}", USER),
      Map.entry("GET /v1/users/me/notification-settings", USER),
      Map.entry("PUT /v1/users/me/notification-settings", USER),
      Map.entry("POST /v1/tickets", USER),
      Map.entry("POST /v1/shops/{shopId}/checkouts", USER),
      Map.entry("POST /v1/shops/{shopId}/messages", USER),
      Map.entry("POST /v1/conversations", USER),
      Map.entry("POST /v1/conversations/{conversationId}/members", USER),
      Map.entry("DELETE /v1/conversations/{conversationId}/members/{userId}", USER),
      Map.entry("POST /v1/conversations/{conversationId}/messages", USER),
      Map.entry("POST /v1/conversations/{conversationId}/receipts", USER)));

  @Autowired
  private ApplicationContext context;
  @Autowired
  private WebFilterChainProxy chain;

  private AccessProbe probe() {
    String customer = newCustomer();
    String merchant = newMerchant(unique("shop"));
    String ticket = (String) web.post().uri("/v1/tickets").contentType(MediaType.APPLICATION_JSON)
        .header(HttpHeaders.AUTHORIZATION, bearer(merchant)).bodyValue(Map.of("scope", "ws"))
        .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("ticket");
    return new AccessProbe(chain, customer, merchant, path -> Optional.of(ticket));
  }

  @Test
  void everyRouteHasItsRuleAndNothingElseIsOpen() {
    probe().assertEveryRoute(context, EXPECTED);
  }

  @Test
  void anUnknownRouteOrMethodIsDenied() {
    probe().assertDenied(new Route(HttpMethod.GET, "/v1/no-such-route"), new Route(HttpMethod.GET, "/v1/tickets"),
        new Route(HttpMethod.PUT, "/v1/users/me"), new Route(HttpMethod.GET, "/"));
  }

  @Test
  void aDeniedRouteAnswersWithTheDocumentedProblems() {
    web.get().uri("/v1/no-such-route").exchange()
        .expectStatus().isUnauthorized()
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
        .expectBody().jsonPath("$.type").isEqualTo(io.herald.auth.InvalidTokenException.PROBLEM_TYPE);
    web.get().uri("/v1/no-such-route").header(HttpHeaders.AUTHORIZATION, bearer(newCustomer())).exchange()
        .expectStatus().isEqualTo(HttpStatus.FORBIDDEN)
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.status").isEqualTo(403);
  }
}
