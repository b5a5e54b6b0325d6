package io.herald.gateway.pages;

import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The browser pages: the merchant dashboard at {@code /dashboard} and the chat at {@code /chat}, plain
 * ES modules served as static resources beside them, and {@code /pages/config.json}, which tells them
 * where the ingest API is. The pages hold no secret (they sign in and open streams with short-lived
 * tickets) and run under a Content-Security-Policy that allows no inline script and no other origin
 * than this gateway and the ingest API.
 */
@Configuration(proxyBeanMethods = false)
class PagesConfiguration {

  private static final Resource DASHBOARD = new ClassPathResource("static/dashboard/index.html");
  private static final Resource CHAT = new ClassPathResource("static/chat/index.html");

  @Bean
  RouterFunction<ServerResponse> pagesRoutes(PagesProperties pages) {
    String csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self' " + pages.ingestOrigin() + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    Map<String, String> config = Map.of("ingestUrl", pages.ingestUrl());
    return RouterFunctions.route()
        .GET("/dashboard", request -> page(DASHBOARD, csp))
        .GET("/chat", request -> page(CHAT, csp))
        .GET("/pages/config.json", request -> ServerResponse.ok()
            .contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noCache()).bodyValue(config))
        .build();
  }

  private static Mono<ServerResponse> page(Resource html, String csp) {
    return ServerResponse.ok()
        .contentType(MediaType.TEXT_HTML)
        .cacheControl(CacheControl.noCache())
        .header("Content-Security-Policy", csp)
        .header("Referrer-Policy", "no-referrer") // page URLs never leak to other origins
        .bodyValue(html);
  }
}
