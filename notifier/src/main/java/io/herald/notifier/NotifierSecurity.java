package io.herald.notifier;

import io.herald.auth.InvalidTokenException;
import io.herald.auth.web.HeraldWebSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import io.herald.auth.web.EnableHeraldWebSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The notifier's HTTP port serves health and metrics only, to anyone (probes, scrapers); every
 * other path is denied (401). It accepts no credential: the digest's unsubscribe link is served by
 * the ingest API.
 */
@Configuration(proxyBeanMethods = false)
@EnableHeraldWebSecurity
class NotifierSecurity {

  @Bean
  SecurityWebFilterChain notifierSecurityChain(ServerHttpSecurity http) {
    return HeraldWebSecurity.with(presented -> Mono.empty(), NotifierSecurity::refuse, Refused::new)
        .actuator("health", "prometheus")
        .build(http);
  }

  /** An empty 401 (with the bearer challenge) or 403: this port has no problem+json API to speak of. */
  private static Mono<Void> refuse(ServerWebExchange exchange, Throwable e) {
    ServerHttpResponse response = exchange.getResponse();
    if (e instanceof InvalidTokenException) {
      response.setStatusCode(HttpStatus.UNAUTHORIZED);
      response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, InvalidTokenException.CHALLENGE);
    } else {
      response.setStatusCode(HttpStatus.FORBIDDEN);
    }
    return response.setComplete();
  }

  private static final class Refused extends RuntimeException {
    Refused() {
      super("forbidden", null, false, false);
    }
  }
}
