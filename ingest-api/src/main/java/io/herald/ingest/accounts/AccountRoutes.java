package io.herald.ingest.accounts;

import io.herald.ingest.web.RateLimits;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Sign-up and sign-in (rate-limited per client address) and the caller's own account. */
@Configuration(proxyBeanMethods = false)
class AccountRoutes {

  @Bean
  RouterFunction<ServerResponse> signUpAndSignInRoutes(AccountHandler handler, RateLimits limits) {
    return RouterFunctions.route()
        .POST("/v1/users", handler::register)
        .POST("/v1/sessions", handler::signIn)
        .filter(limits.perAddress())
        .build();
  }

  @Bean
  RouterFunction<ServerResponse> ownAccountRoutes(AccountHandler handler, RateLimits limits) {
    return RouterFunctions.route()
        .GET("/v1/users/me", handler::me)
        .PATCH("/v1/users/me", handler::update)
        .DELETE("/v1/users/me", handler::delete)
        .POST("/v1/users/me/shops", handler::claimShop)
        .filter(limits.perUser())
        .build();
  }
}
