package io.herald.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.auth.web.RouteInventory.Route;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Sends requests through a service's real security chain (its {@link WebFilterChainProxy}) and
 * reports whether each reached the handler or was refused, with which status: a route's
 * {@link AccessRule} checked by trying to get in with nothing, a bad token, a customer's, a
 * merchant's and a ticket.
 *
 * @param customer a valid access token of a customer
 * @param merchant a valid access token of a merchant
 * @param ticketFor a valid merchant's ticket for a path: of the scope the path takes if it takes one, else of any scope
 */
public record AccessProbe(WebFilterChainProxy chain, String customer, String merchant,
                          Function<String, Optional<String>> ticketFor) {

  /** 200 when the request reached the handler; else the status the chain answered with. */
  public HttpStatusCode status(Route route, String path, Consumer<HttpHeaders> headers) {
    MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.method(route.method(), path);
    HttpHeaders h = new HttpHeaders();
    headers.accept(h);
    request.headers(h);
    MockServerWebExchange exchange = MockServerWebExchange.from(request);
    AtomicBoolean reached = new AtomicBoolean();
    WebFilterChain handler = e -> Mono.fromRunnable(() -> reached.set(true));
    chain.filter(exchange, handler).block(java.time.Duration.ofSeconds(10));
    if (reached.get()) {
      return HttpStatus.OK;
    }
    return exchange.getResponse().getStatusCode();
  }

  private HttpStatusCode bearer(Route route, String token) {
    return status(route, route.samplePath(), h -> h.setBearerAuth(token));
  }

  /**
   * Asserts that the service answers exactly the routes of {@code expected} (keys as
   * {@link Route#key()}), each as its rule says.
   */
  public void assertEveryRoute(org.springframework.context.ApplicationContext context, java.util.Map<String, AccessRule> expected) {
    java.util.Set<Route> routes = RouteInventory.of(context);
    java.util.Set<String> found = new java.util.TreeSet<>();
    routes.forEach(r -> found.add(r.key()));
    assertThat(found).as("routes without an expected rule (add them to the test and to the service's security chain)")
        .isSubsetOf(expected.keySet());
    assertThat(expected.keySet()).as("expected routes the service no longer has").isSubsetOf(found);
    routes.forEach(route -> assertRule(route, expected.get(route.key())));
  }

  /** Asserts that routes nobody opened (unknown paths, other methods) are denied. */
  public void assertDenied(Route... unopened) {
    for (Route r : unopened) {
      assertRule(r, AccessRule.DENIED);
    }
  }

  /** Asserts that {@code route} behaves as {@code rule} says, and that a refusal is not a handler's. */
  public void assertRule(Route route, AccessRule rule) {
    String path = route.samplePath();
    HttpStatusCode anonymous = status(route, path, h -> { });
    HttpStatusCode garbage = bearer(route, "not-a-token");
    HttpStatusCode basic = status(route, path, h -> h.setBasicAuth("a", "b"));
    HttpStatusCode asCustomer = bearer(route, customer);
    HttpStatusCode asMerchant = bearer(route, merchant);
    Optional<String> ticket = ticketFor.apply(path);
    String as = route.key() + " is " + rule;
    switch (rule) {
      case ANONYMOUS -> {
        assertThat(anonymous).as(as + ": anonymous").isEqualTo(HttpStatus.OK);
        assertThat(garbage).as(as + ": a refused token is ignored").isEqualTo(HttpStatus.OK);
        assertThat(basic).as(as + ": another scheme is ignored").isEqualTo(HttpStatus.OK);
      }
      case USER -> {
        assertRefused(as, anonymous, garbage, basic);
        assertThat(asCustomer).as(as + ": customer").isEqualTo(HttpStatus.OK);
        assertThat(asMerchant).as(as + ": merchant").isEqualTo(HttpStatus.OK);
        ticket.ifPresent(t -> assertThat(status(route, path + "?ticket=" + t, h -> { })).as(as + ": a ticket does not do")
            .isEqualTo(HttpStatus.UNAUTHORIZED));
      }
      case MERCHANT -> {
        assertRefused(as, anonymous, garbage, basic);
        assertThat(asCustomer).as(as + ": customer").isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(asMerchant).as(as + ": merchant").isEqualTo(HttpStatus.OK);
        ticket.ifPresent(t -> assertThat(status(route, path + "?ticket=" + t, h -> { })).as(as + ": merchant's ticket")
            .isEqualTo(HttpStatus.OK));
      }
      case TICKET -> {
        assertRefused(as, anonymous, garbage, basic);
        assertThat(asCustomer).as(as + ": customer").isEqualTo(HttpStatus.OK);
        assertThat(ticket).as(as + ": a ticket scope").isPresent();
        assertThat(status(route, path + "?ticket=" + ticket.get(), h -> { })).as(as + ": ticket").isEqualTo(HttpStatus.OK);
      }
      case DENIED -> {
        assertThat(anonymous).as(as + ": anonymous").isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(asCustomer).as(as + ": customer").isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(asMerchant).as(as + ": merchant").isEqualTo(HttpStatus.FORBIDDEN);
      }
    }
    if (rule != AccessRule.ANONYMOUS && rule != AccessRule.DENIED) {
      assertThat(status(route, path + "?ticket=" + customer, h -> { })).as(as + ": an access token is never read from the URL")
          .isEqualTo(HttpStatus.UNAUTHORIZED);
    }
  }

  private static void assertRefused(String as, HttpStatusCode anonymous, HttpStatusCode garbage, HttpStatusCode basic) {
    assertThat(anonymous).as(as + ": anonymous").isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(garbage).as(as + ": a refused token").isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(basic).as(as + ": another scheme").isEqualTo(HttpStatus.UNAUTHORIZED);
  }
}
