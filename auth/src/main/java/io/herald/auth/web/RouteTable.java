package io.herald.auth.web;

import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authorization.AuthenticatedReactiveAuthorizationManager;
import org.springframework.security.authorization.AuthorityReactiveAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * A service's routes and their {@link AccessRule}s, matched in one synchronous pass: the first route
 * whose method and path pattern match decides, none matching is {@link AccessRule#DENIED}. The same
 * decisions as one {@code pathMatchers(...)} rule per route followed by {@code anyExchange().denyAll()}
 * (patterns parsed and matched as Spring Security's {@code PathPatternParserServerWebExchangeMatcher}
 * does, each rule's decision made by Spring Security's own authorization managers), without a reactive
 * matcher chain per route and request: under load, iterating the routes as {@code Flux}es was the
 * largest share of the ingest API's allocation after the log formatting (JFR, docs/benchmarks.md).
 */
final class RouteTable {

  private static final Mono<AuthorizationResult> GRANTED = Mono.just(new AuthorizationDecision(true));
  private static final Mono<AuthorizationResult> DENIED = Mono.just(new AuthorizationDecision(false));
  private static final ReactiveAuthorizationManager<AuthorizationContext> USER =
      AuthorityReactiveAuthorizationManager.hasAuthority(HeraldAuthentication.BEARER);
  private static final ReactiveAuthorizationManager<AuthorizationContext> MERCHANT =
      AuthorityReactiveAuthorizationManager.hasRole("MERCHANT");
  private static final ReactiveAuthorizationManager<AuthorizationContext> AUTHENTICATED =
      AuthenticatedReactiveAuthorizationManager.authenticated();

  record Route(HttpMethod method, PathPattern pattern, AccessRule rule) {

    static Route of(HttpMethod method, String pattern, AccessRule rule) {
      PathPatternParser parser = PathPatternParser.defaultInstance;
      return new Route(method, parser.parse(parser.initFullPathPattern(pattern)), rule);
    }

    boolean matches(ServerHttpRequest request, PathContainer path) {
      return (method == null || method.equals(request.getMethod())) && pattern.matches(path);
    }
  }

  private final Route[] routes;
  private final Route[] open;

  RouteTable(List<Route> routes) {
    this.routes = routes.toArray(Route[]::new);
    this.open = routes.stream().filter(r -> r.rule() == AccessRule.ANONYMOUS).toArray(Route[]::new);
  }

  /** The rule of the first route the request matches; {@link AccessRule#DENIED} when none does. */
  AccessRule ruleFor(ServerHttpRequest request) {
    PathContainer path = request.getPath().pathWithinApplication();
    for (Route r : routes) {
      if (r.matches(request, path)) {
        return r.rule();
      }
    }
    return AccessRule.DENIED;
  }

  /** Whether any {@link AccessRule#ANONYMOUS} route matches (wherever it stands in the table). */
  boolean isOpen(ServerHttpRequest request) {
    PathContainer path = request.getPath().pathWithinApplication();
    for (Route r : open) {
      if (r.matches(request, path)) {
        return true;
      }
    }
    return false;
  }

  /** Matches the requests whose credential must be read: those no open route matches. */
  ServerWebExchangeMatcher credentialRequired() {
    return exchange -> isOpen(exchange.getRequest()) ? ServerWebExchangeMatcher.MatchResult.notMatch()
        : ServerWebExchangeMatcher.MatchResult.match();
  }

  /** The decision for a request: its route's rule, made by Spring Security's managers. */
  ReactiveAuthorizationManager<AuthorizationContext> authorization() {
    return new ReactiveAuthorizationManager<>() {
      @Override
      public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
        return switch (ruleFor(context.getExchange().getRequest())) {
          case ANONYMOUS -> GRANTED;
          case USER -> USER.authorize(authentication, context);
          case MERCHANT -> MERCHANT.authorize(authentication, context);
          case TICKET -> AUTHENTICATED.authorize(authentication, context);
          case DENIED -> DENIED;
        };
      }
    };
  }
}
