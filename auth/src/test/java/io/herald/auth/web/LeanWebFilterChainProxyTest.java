package io.herald.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.MatcherSecurityWebFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.firewall.HttpStatusExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

class LeanWebFilterChainProxyTest {

  private final List<String> trace = new CopyOnWriteArrayList<>();
  private final WebFilterChain app = exchange -> Mono.fromRunnable(() -> trace.add("app"));

  private WebFilter recording(String name) {
    return (exchange, chain) -> Mono.defer(() -> {
      trace.add(name);
      return chain.filter(exchange);
    });
  }

  private SecurityWebFilterChain chain(String pattern, WebFilter... filters) {
    return new MatcherSecurityWebFilterChain(ServerWebExchangeMatchers.pathMatchers(pattern), List.of(filters));
  }

  private LeanWebFilterChainProxy proxy(SecurityWebFilterChain... chains) {
    return new LeanWebFilterChainProxy(List.of(chains), new StrictServerWebExchangeFirewall(),
        new HttpStatusExchangeRejectedHandler());
  }

  private MockServerWebExchange run(LeanWebFilterChainProxy proxy, String path) {
    MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));
    proxy.filter(exchange, app).block(Duration.ofSeconds(5));
    return exchange;
  }

  @Test
  void theFirstMatchingChainsFiltersRunInOrderThenTheApplication() {
    LeanWebFilterChainProxy proxy = proxy(chain("/admin/**", recording("admin")), chain("/**", recording("a"), recording("b")));

    run(proxy, "/v1/things");
    assertThat(trace).containsExactly("a", "b", "app");

    trace.clear();
    run(proxy, "/admin/x");
    assertThat(trace).containsExactly("admin", "app");
  }

  @Test
  void withNoMatchingChainTheApplicationRunsAlone() {
    run(proxy(chain("/admin/**", recording("admin"))), "/v1/things");
    assertThat(trace).containsExactly("app");
  }

  @Test
  void aFilterThatAnswersStopsTheChain() {
    WebFilter refuse = (exchange, chain) -> {
      exchange.getResponse().setStatusCode(HttpStatus.UNAUTHORIZED);
      return exchange.getResponse().setComplete();
    };
    ServerWebExchange exchange = run(proxy(chain("/**", recording("a"), refuse, recording("never"))), "/v1/things");
    assertThat(trace).containsExactly("a");
    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void theFirewallStillRejectsBeforeAnyFilter() {
    LeanWebFilterChainProxy proxy = proxy(chain("/**", recording("a")));
    for (String path : List.of("/v1/../admin", "/v1/%2e%2e/admin", "/v1/x;jsessionid=1")) {
      trace.clear();
      ServerWebExchange exchange = run(proxy, path);
      assertThat(trace).as(path).isEmpty();
      assertThat(exchange.getResponse().getStatusCode()).as(path).isEqualTo(HttpStatus.BAD_REQUEST);
    }
  }

  @Test
  void aFilterThatFailsOnAssemblyFailsTheRequestNotTheCaller() {
    WebFilter broken = (exchange, chain) -> {
      throw new IllegalStateException("boom");
    };
    MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/v1/things"));
    Mono<Void> result = proxy(chain("/**", recording("a"), broken)).filter(exchange, app);
    assertThat(result.onErrorResume(IllegalStateException.class, e -> Mono.fromRunnable(() -> trace.add("error")))
        .block(Duration.ofSeconds(5))).isNull();
    assertThat(trace).containsExactly("a", "error");
  }

  @Configuration(proxyBeanMethods = false)
  @EnableHeraldWebSecurity
  static class Service {
    @Bean
    SecurityWebFilterChain chain(ServerHttpSecurity http) {
      return http.authorizeExchange(e -> e.anyExchange().permitAll()).build();
    }
  }

  @Test
  void everyHeraldServiceRunsTheLeanProxyOverItsChain() {
    new ReactiveWebApplicationContextRunner().withUserConfiguration(Service.class).run(context -> {
      WebFilterChainProxy proxy = context.getBean(WebFilterChainProxy.class);
      assertThat(proxy).isInstanceOf(LeanWebFilterChainProxy.class);
      MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/v1/things"));
      proxy.filter(exchange, app).then(Mono.defer(() -> exchange.getResponse().setComplete())).block(Duration.ofSeconds(5));
      assertThat(trace).containsExactly("app");
      assertThat(exchange.getResponse().getHeaders().getFirst("X-Content-Type-Options"))
          .as("the chain's own filters ran (security headers)").isEqualTo("nosniff");
    });
  }
}
