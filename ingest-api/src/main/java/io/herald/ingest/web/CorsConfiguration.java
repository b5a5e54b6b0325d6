package io.herald.ingest.web;

import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/** CORS for the configured origins. No cookies are used (tokens travel in headers), so no credentials. */
@Configuration(proxyBeanMethods = false)
class CorsConfiguration {

  @Bean
  CorsWebFilter corsWebFilter(CorsSettings settings) {
    org.springframework.web.cors.CorsConfiguration cors = new org.springframework.web.cors.CorsConfiguration();
    cors.setAllowedOrigins(settings.allowedOrigins());
    cors.setAllowedMethods(List.of("GET", "POST", "PATCH", "DELETE", "OPTIONS"));
    cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key"));
    cors.setExposedHeaders(List.of("Idempotent-Replayed", "Retry-After", "Location"));
    cors.setAllowCredentials(false);
    cors.setMaxAge(Duration.ofHours(1));
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/**", cors);
    return new OrderedCorsWebFilter(source);
  }

  /**
   * Ahead of the security chain (order -100), so a preflight is answered and a 401/403 carries the
   * CORS headers a browser needs to read it; after the body-size limit.
   */
  static final class OrderedCorsWebFilter extends CorsWebFilter implements Ordered {
    static final int ORDER = -200;

    OrderedCorsWebFilter(UrlBasedCorsConfigurationSource source) {
      super(source, new ClosingCorsProcessor());
    }

    @Override
    public int getOrder() {
      return ORDER;
    }
  }

  /**
   * A refused CORS request is answered with an explicit empty body and a closed connection: the
   * bare 403 of the default processor occasionally left a keep-alive client waiting for the end of
   * the response (seen in tests), and a refused origin has no reason to keep the connection.
   */
  static final class ClosingCorsProcessor extends DefaultCorsProcessor {
    @Override
    protected void rejectRequest(ServerHttpResponse response) {
      super.rejectRequest(response);
      response.getHeaders().setContentLength(0);
      response.getHeaders().set(HttpHeaders.CONNECTION, "close");
    }
  }
}
