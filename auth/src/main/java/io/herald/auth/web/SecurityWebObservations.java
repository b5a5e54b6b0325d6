package io.herald.auth.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * No Spring Security observations (filter chain, authentication, authorization): each wraps every
 * security filter of a request in its own observation, ~10 KB of heap that a live SSE or WebSocket
 * connection holds for its whole life, and CPU on every POST. The request itself stays observed
 * ({@code http.server.requests}); see docs/architecture.md, "Memory per connection".
 */
@Configuration(proxyBeanMethods = false)
class SecurityWebObservations {

  @Bean
  SecurityObservationSettings heraldSecurityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }
}
