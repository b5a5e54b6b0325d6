package io.herald.ingest.sessions;

import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.auth.TokenIssuer;
import io.herald.ingest.web.RateLimits;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code POST /v1/sessions/refresh} (no access token: the refresh token is the credential;
 * rate-limited per address), {@code DELETE /v1/sessions/current}, {@code GET /v1/sessions},
 * {@code DELETE /v1/sessions/{sessionId}}.
 */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SessionConfiguration.class);

  @Bean
  SessionStore sessionStore(MongoDatabase database) {
    return new SessionStore(database.getCollection(SessionStore.COLLECTION));
  }

  @Bean
  Sessions sessions(SessionStore store, TokenIssuer issuer, CurrentPrincipal principals, SessionRevocations revocations,
                    SessionSettings settings, Clock clock) {
    return new Sessions(store, issuer, principals, revocations, settings, clock);
  }

  @Bean
  SessionIndexes sessionIndexes(SessionStore store) {
    return new SessionIndexes(store);
  }

  @Bean
  RouterFunction<ServerResponse> refreshRoute(Sessions sessions, RateLimits limits) {
    SessionHandler handler = new SessionHandler(sessions);
    return RouterFunctions.route()
        .POST("/v1/sessions/refresh", handler::refresh)
        .filter(limits.perAddress())
        .build();
  }

  @Bean
  RouterFunction<ServerResponse> ownSessionRoutes(Sessions sessions, RateLimits limits) {
    SessionHandler handler = new SessionHandler(sessions);
    return RouterFunctions.route()
        .GET("/v1/sessions", handler::list)
        .DELETE("/v1/sessions/current", handler::signOut)
        .DELETE("/v1/sessions/{sessionId}", handler::revoke)
        .filter(limits.perUser())
        .build();
  }

  /** Creates the index once the service is up; failures are logged, not fatal (Mongo may come later). */
  record SessionIndexes(SessionStore store) {
    @EventListener(ApplicationReadyEvent.class)
    public void create() {
      store.ensureIndexes().subscribe(null, e -> log.warn("cannot create session indexes: {}", e.toString()));
    }
  }
}
