package io.herald.gateway.auth;

import static io.herald.auth.web.AccessRule.ANONYMOUS;
import static io.herald.auth.web.AccessRule.DENIED;
import static io.herald.auth.web.AccessRule.MERCHANT;
import static io.herald.auth.web.AccessRule.TICKET;
import static io.herald.auth.web.AccessRule.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.auth.InvalidTokenException;
import io.herald.auth.web.AccessProbe;
import io.herald.auth.web.AccessRule;
import io.herald.auth.web.RouteInventory.Route;
import io.herald.gateway.GatewayIntegrationTestBase;
import io.herald.gateway.HttpProbe;
import io.herald.gateway.TestTokens;
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
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.server.WebFilterChainProxy;

/**
 * Every route of the gateway, read from its handler mappings (functional routes, the WebSocket
 * mapping, actuator, static files), has the access rule this test expects, checked by trying to get
 * in through the real security chain; a route not listed here fails the test; anything else is denied.
 */
class RouteAccessIntegrationTest extends GatewayIntegrationTestBase {

  private static final Map<String, AccessRule> EXPECTED = new TreeMap<>(Map.ofEntries(
      Map.entry("GET /v1/shops/{shopId}/stream", MERCHANT),
      Map.entry("GET /v1/ws", TICKET),
      Map.entry("GET /v1/conversations", USER),
      Map.entry("GET /v1/conversations/{conversationId}/messages", USER),
      Map.entry("GET /v1/users/{userId}/presence", USER),
      Map.entry("GET /dashboard", ANONYMOUS),
      Map.entry("GET /dashboard/dashboard.js", ANONYMOUS),
      Map.entry("GET /dashboard/chart.js", ANONYMOUS),
      Map.entry("GET /dashboard/index.html", ANONYMOUS),
      Map.entry("GET /chat", ANONYMOUS),
      Map.entry("GET /chat/chat.js", ANONYMOUS),
      Map.entry("GET /chat/index.html", ANONYMOUS),
      Map.entry("GET /pages/config.json", ANONYMOUS),
      Map.entry("GET /pages/common.js", ANONYMOUS),
      Map.entry("GET /pages/pages.css", ANONYMOUS),
      Map.entry("GET /**", DENIED), // static resources outside the pages' folders: nothing is served there
      Map.entry("GET /webjars/**", DENIED),
      Map.entry("GET /actuator/health", ANONYMOUS),
      Map.entry("GET /actuator/health/{*path}", ANONYMOUS),
      Map.entry("GET /actuator/info", ANONYMOUS),
      Map.entry("GET /actuator/prometheus", ANONYMOUS),
      Map.entry("GET /actuator", DENIED)));

  @Autowired
  private ApplicationContext context;
  @Autowired
  private WebFilterChainProxy chain;

  /** A merchant owning the sample shop {@code p1}; tickets of the path's scope (a shop's, else {@code ws}). */
  private AccessProbe probe() {
    return new AccessProbe(chain, TestTokens.customer(), TestTokens.merchant("p1"),
        path -> Optional.of(path.startsWith("/v1/shops/") ? TestTokens.shopTicket("p1", "p1") : TestTokens.wsTicket("u-1")));
  }

  @Test
  void everyRouteHasItsRuleAndNothingElseIsOpen() {
    probe().assertEveryRoute(context, EXPECTED);
  }

  @Test
  void anUnknownRouteOrMethodIsDenied() {
    probe().assertDenied(new Route(HttpMethod.GET, "/v1/no-such-route"), new Route(HttpMethod.POST, "/v1/ws"),
        new Route(HttpMethod.DELETE, "/v1/conversations"), new Route(HttpMethod.GET, "/index.html"));
  }

  @Test
  void aTicketOfAnotherScopeOpensNothing() {
    AccessProbe probe = probe();
    Route socket = new Route(HttpMethod.GET, "/v1/ws");
    assertThat(probe.status(socket, "/v1/ws?ticket=" + TestTokens.shopTicket("p1", "p1"), h -> { }))
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    Route stream = new Route(HttpMethod.GET, "/v1/shops/{shopId}/stream");
    assertThat(probe.status(stream, "/v1/shops/p1/stream?ticket=" + TestTokens.wsTicket("u-1"), h -> { }))
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void aDeniedRouteAnswersWithTheDocumentedProblems() {
    ResponseEntity<String> anonymous = HttpProbe.get(port, "/v1/no-such-route", h -> { });
    assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(anonymous.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(anonymous.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo(InvalidTokenException.CHALLENGE);
    assertThat(anonymous.getBody()).contains("\"type\":\"" + InvalidTokenException.PROBLEM_TYPE + "\"");

    ResponseEntity<String> customer = HttpProbe.get(port, "/v1/no-such-route", h -> h.setBearerAuth(TestTokens.customer()));
    assertThat(customer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(customer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
  }
}
