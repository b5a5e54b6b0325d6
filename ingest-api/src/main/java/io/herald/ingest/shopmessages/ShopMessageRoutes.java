package io.herald.ingest.shopmessages;

import io.herald.ingest.web.RateLimits;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration(proxyBeanMethods = false)
class ShopMessageRoutes {

  @Bean
  RouterFunction<ServerResponse> shopMessageRouter(ShopMessageHandler handler, RateLimits limits) {
    return RouterFunctions.route()
        .POST("/v1/shops/{shopId}/messages", handler::post)
        .filter(limits.perUser())
        .build();
  }
}
