package io.herald.auth.web;

import io.herald.auth.BearerToken;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads {@code Authorization: Bearer <access token>}; another scheme is presented as unsupported
 * (refused, never ignored). An access token is never read from the URL.
 */
public final class BearerTokenConverter implements ServerAuthenticationConverter {

  @Override
  public Mono<Authentication> convert(ServerWebExchange exchange) {
    String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (header == null) {
      return Mono.empty();
    }
    return Mono.just(BearerToken.from(header).map(PresentedCredential::bearer).orElseGet(PresentedCredential::unsupported));
  }
}
