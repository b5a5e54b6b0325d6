package io.herald.auth.web;

import io.herald.auth.InvalidTokenException;
import io.herald.auth.VerifiedAccess;
import io.herald.auth.HeraldPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * One {@link SecurityWebFilterChain} per service, built the same way: stateless (no session, no
 * cookie, no CSRF token: credentials travel in headers or tickets), the presented credential
 * verified by a {@link HeraldAuthenticationManager}, the routes' {@link AccessRule}s in one
 * {@link RouteTable} (first match decides, anything else denied). A credential on an {@link AccessRule#ANONYMOUS} route is not
 * read at all (as if none was sent); on any other route a refused one is a 401 written by the
 * service's own problem+json writer, a denied authenticated caller a 403.
 */
public final class HeraldWebSecurity {

  private static final String AUTHENTICATION = HeraldWebSecurity.class.getName() + ".authentication";
  private static final String REFUSED = HeraldWebSecurity.class.getName() + ".refused";

  /** Writes a failure as the service's problem+json response. */
  @FunctionalInterface
  public interface ProblemWriter {
    Mono<Void> write(ServerWebExchange exchange, Throwable error);
  }

  private final List<RouteTable.Route> routes = new ArrayList<>();
  private final List<ServerAuthenticationConverter> converters = new ArrayList<>();
  private final ReactiveAuthenticationManager manager;
  private final ProblemWriter problems;
  private final Supplier<? extends RuntimeException> forbidden;

  private HeraldWebSecurity(ReactiveAuthenticationManager manager, ProblemWriter problems,
                            Supplier<? extends RuntimeException> forbidden) {
    this.manager = manager;
    this.problems = problems;
    this.forbidden = forbidden;
  }

  /**
   * @param manager verifies presented credentials
   * @param problems the service's problem+json writer (401 with {@code WWW-Authenticate}, 403)
   * @param forbidden the service's 403 exception for an authenticated caller a rule denies
   */
  public static HeraldWebSecurity with(ReactiveAuthenticationManager manager, ProblemWriter problems,
                                       Supplier<? extends RuntimeException> forbidden) {
    return new HeraldWebSecurity(manager, problems, forbidden);
  }

  /** Credentials are read by these converters, first non-empty wins (the bearer header first). */
  public HeraldWebSecurity credentials(ServerAuthenticationConverter... readers) {
    converters.addAll(List.of(readers));
    return this;
  }

  /** Opens {@code method pattern} (a path pattern, e.g. {@code /v1/shops/{shopId}/stream}) under {@code rule}. */
  public HeraldWebSecurity route(HttpMethod method, String pattern, AccessRule rule) {
    routes.add(RouteTable.Route.of(method, pattern, rule));
    return this;
  }

  /** As {@link #route}, for every method. */
  public HeraldWebSecurity route(String pattern, AccessRule rule) {
    routes.add(RouteTable.Route.of(null, pattern, rule));
    return this;
  }

  /** Opens the named actuator endpoints (health with its groups) to anonymous callers (probes, scrapers). */
  public HeraldWebSecurity actuator(String... endpoints) {
    for (String e : endpoints) {
      route(HttpMethod.GET, "/actuator/" + e, AccessRule.ANONYMOUS);
      if (e.equals("health")) {
        route(HttpMethod.GET, "/actuator/health/**", AccessRule.ANONYMOUS); // liveness, readiness
      }
    }
    return this;
  }

  public SecurityWebFilterChain build(ServerHttpSecurity http) {
    AuthenticationWebFilter authentication = new AuthenticationWebFilter(manager);
    List<ServerAuthenticationConverter> readers = List.copyOf(converters);
    // the first reader that finds a credential wins; the next one is asked only when it found none
    authentication.setServerAuthenticationConverter(readers.stream()
        .reduce((first, next) -> exchange -> first.convert(exchange).switchIfEmpty(Mono.defer(() -> next.convert(exchange))))
        .orElse(exchange -> Mono.empty()));
    authentication.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
    RouteTable table = new RouteTable(routes);
    // a credential on an open route is not even looked at (no verification, no session read)
    authentication.setRequiresAuthenticationMatcher(table.credentialRequired());
    authentication.setAuthenticationSuccessHandler((chain, auth) -> {
      chain.getExchange().getAttributes().put(AUTHENTICATION, auth);
      forgetAuthorizationHeader(chain.getExchange().getRequest());
      return chain.getChain().filter(chain.getExchange());
    });
    authentication.setAuthenticationFailureHandler((chain, e) -> {
      chain.getExchange().getAttributes().put(REFUSED, e);
      return chain.getChain().filter(chain.getExchange()); // anonymous from here: the rules decide
    });
    return http
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
        .requestCache(ServerHttpSecurity.RequestCacheSpec::disable) // no saved requests: no filter at all
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .headers(h -> h.cache(ServerHttpSecurity.HeaderSpec.CacheSpec::disable)) // handlers set their own
        .addFilterAt(authentication, SecurityWebFiltersOrder.AUTHENTICATION)
        .exceptionHandling(e -> e
            .authenticationEntryPoint((exchange, ex) -> problems.write(exchange, refusal(exchange)))
            .accessDeniedHandler((exchange, ex) -> problems.write(exchange, forbidden.get())))
        .authorizeExchange(spec -> spec.anyExchange().access(table.authorization())) // first matching route, else denied
        .build();
  }

  /**
   * Once verified, the {@code Authorization} header leaves the server's copy of the request: nothing
   * reads it after authentication, and a live stream or WebSocket would keep it (1.2 kB for an RS256
   * token) for its whole life, as the presented credential is erased ({@link PresentedCredential}).
   */
  static void forgetAuthorizationHeader(ServerHttpRequest request) {
    ReactorNettyRequests.of(request).ifPresent(netty -> netty.requestHeaders().remove(HttpHeaders.AUTHORIZATION));
  }

  private static InvalidTokenException refusal(ServerWebExchange exchange) {
    return exchange.getAttribute(REFUSED) instanceof RefusedCredentialException r ? r.reason()
        : new InvalidTokenException("no access token or ticket");
  }

  /** The verified caller of an authenticated request, if any. */
  public static Optional<HeraldAuthentication> authentication(ServerWebExchange exchange) {
    return exchange.getAttribute(AUTHENTICATION) instanceof HeraldAuthentication a ? Optional.of(a) : Optional.empty();
  }

  /** The caller of a route whose rule requires a credential. */
  public static HeraldPrincipal principal(ServerRequest request) {
    return access(request).principal();
  }

  /** The verified access token behind the caller (for a ticket, the token it was exchanged for). */
  public static VerifiedAccess access(ServerRequest request) {
    return authentication(request.exchange()).map(HeraldAuthentication::access)
        .orElseThrow(() -> new IllegalStateException("route " + request.path() + " is open to anonymous callers"));
  }
}
