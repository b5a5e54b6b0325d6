package io.herald.gateway.dashboard;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The merchant dashboard page at {@code /dashboard}; its script is a static resource
 * ({@code /dashboard/dashboard.js}). The page holds no secret: it signs in against the ingest API
 * and opens the stream with a short-lived ticket.
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

  private static final Resource PAGE = new ClassPathResource("static/dashboard/index.html");

  @Bean
  RouterFunction<ServerResponse> dashboardRoutes() {
    return RouterFunctions.route()
        .GET("/dashboard", request -> ServerResponse.ok()
            .contentType(MediaType.TEXT_HTML)
            .header(HttpHeaders.CACHE_CONTROL, "no-cache")
            .header("Referrer-Policy", "no-referrer") // page URLs never leak to other origins
            .bodyValue(PAGE))
        .build();
  }
}
