package io.herald.ingest.tokens;

import io.herald.auth.SigningKeys;
import io.herald.ingest.web.RateLimits;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** {@code GET /.well-known/jwks.json} (public keys) and {@code POST /v1/tickets}. */
@Configuration(proxyBeanMethods = false)
class TokenRoutes {

  @Bean
  RouterFunction<ServerResponse> jwksRoute(SigningKeys keys) {
    // The key only changes with the key file, i.e. on restart: let verifiers cache it briefly.
    return RouterFunctions.route().GET("/.well-known/jwks.json", request -> ServerResponse.ok()
        .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(keys.publicJwks())).build();
  }

  @Bean
  RouterFunction<ServerResponse> ticketRoute(TicketHandler handler, RateLimits limits) {
    return RouterFunctions.route()
        .POST("/v1/tickets", handler::issue)
        .filter(limits.perUser())
        .build();
  }
}
