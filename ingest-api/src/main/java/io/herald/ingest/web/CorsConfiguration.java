package io.herald.ingest.web;

import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
    return new CorsWebFilter(source, new ClosingCorsProcessor());
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
