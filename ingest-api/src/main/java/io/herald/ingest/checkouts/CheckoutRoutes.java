package io.herald.ingest.checkouts;

import io.herald.ingest.web.RateLimits;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration(proxyBeanMethods = false)
class CheckoutRoutes {

  @Bean
  RouterFunction<ServerResponse> checkoutRouter(CheckoutHandler handler, RateLimits limits) {
    return RouterFunctions.route()
        .POST("/v1/shops/{shopId}/checkouts", handler::post)
        .filter(limits.perUser())
        .build();
  }
}
