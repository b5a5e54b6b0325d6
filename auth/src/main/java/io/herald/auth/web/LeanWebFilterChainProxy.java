package io.herald.auth.web;

import java.util.List;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Spring Security's {@link WebFilterChainProxy} with a lean per-request dispatch: the same firewall,
 * the first matching {@link SecurityWebFilterChain}, its filters in order, then the application's
 * chain, and a rejected request answered by the same handler. What it leaves out is what a live SSE
 * stream or WebSocket kept for its whole life: the per-request {@code filterWhen} selection (a
 * 256-slot buffer), a {@code collectList} of the filters, and a {@code checkpoint} with its
 * description strings around every filter (~5 kB per connection; docs/architecture.md, "Memory per
 * connection"). A chain's filters are read once, when the proxy is built: they are fixed beans.
 * Spring Security's filter-chain decorators (observations) are not applied: Herald runs without them
 * ({@link SecurityWebObservations}).
 */
final class LeanWebFilterChainProxy extends WebFilterChainProxy {

  private record Chain(SecurityWebFilterChain chain, WebFilter[] filters) {}

  private final Chain[] chains;
  private final ServerWebExchangeFirewall firewall;
  private final ServerExchangeRejectedHandler rejected;

  LeanWebFilterChainProxy(List<SecurityWebFilterChain> chains, ServerWebExchangeFirewall firewall,
                          ServerExchangeRejectedHandler rejected) {
    super(chains);
    this.chains = chains.stream()
        .map(c -> new Chain(c, c.getWebFilters().collectList().blockOptional().orElse(List.of()).toArray(WebFilter[]::new)))
        .toArray(Chain[]::new);
    this.firewall = firewall;
    this.rejected = rejected;
    setFirewall(firewall);
    setExchangeRejectedHandler(rejected);
  }

  /**
   * Spring's web filter chain names each filter in a per-request {@code checkpoint} by its
   * {@code toString()}: a constant keeps that description from being built (and held by a live
   * connection) per request.
   */
  @Override
  public String toString() {
    return "HeraldSecurity";
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    return firewall.getFirewalledExchange(exchange)
        .flatMap(checked -> select(checked, chain, 0))
        .onErrorResume(ServerExchangeRejectedException.class,
            e -> rejected.handle(exchange, e).then(Mono.empty()));
  }

  /** The first security chain from {@code i} that matches runs; with none, the application's chain. */
  private Mono<Void> select(ServerWebExchange exchange, WebFilterChain rest, int i) {
    if (i == chains.length) {
      return rest.filter(exchange);
    }
    Chain c = chains[i];
    return c.chain().matches(exchange).defaultIfEmpty(Boolean.FALSE)
        .flatMap(match -> match ? new Step(c.filters(), 0, rest).filter(exchange) : select(exchange, rest, i + 1));
  }

  /** Filter {@code index} of a security chain, or, past the last, the rest of the application's chain. */
  private record Step(WebFilter[] filters, int index, WebFilterChain rest) implements WebFilterChain {
    @Override
    public Mono<Void> filter(ServerWebExchange exchange) {
      return index == filters.length ? rest.filter(exchange)
          : Mono.defer(() -> filters[index].filter(exchange, new Step(filters, index + 1, rest)));
    }
  }
}
