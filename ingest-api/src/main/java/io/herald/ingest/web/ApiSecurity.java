package io.herald.ingest.web;

import static io.herald.auth.web.AccessRule.ANONYMOUS;
import static io.herald.auth.web.AccessRule.USER;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.PATCH;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import io.herald.web.problem.ProblemHandling;
import io.herald.web.problem.ProblemRenderer;
import io.herald.web.problem.ProblemWebExceptionHandler;
import io.herald.web.problem.ProblemException;
import io.herald.auth.FirebaseSignIn;
import io.herald.auth.FirebaseSignInSettings;
import io.herald.auth.InvalidTokenException;
import io.herald.auth.TokenVerifier;
import io.herald.auth.web.BearerTokenConverter;
import io.herald.auth.web.HeraldAuthenticationManager;
import io.herald.auth.web.HeraldWebSecurity;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Configuration;
import io.herald.auth.web.EnableHeraldWebSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Who may call which route of the ingest API, in one place: every route is listed with its
 * {@link io.herald.auth.web.AccessRule}, anything else is denied. An access token counts only while
 * its sign-in session is live (a signed-out or revoked session's token is refused: 401). Where a
 * Firebase project is configured, its ID tokens are accepted as bearer tokens too ({@link FirebaseSignIn}).
 */
@Configuration(proxyBeanMethods = false)
@EnableHeraldWebSecurity
@EnableConfigurationProperties(FirebaseSignInSettings.class)
@Import(ProblemHandling.class)
class ApiSecurity {

  /** What the ingest API's one exception handler renders failures with. */
  @Bean
  ProblemRenderer problemRenderer() {
    return Problems.RENDERER;
  }

  @Bean
  SecurityWebFilterChain apiSecurityChain(ServerHttpSecurity http, TokenVerifier verifier, SessionCheck sessions,
                                          ProblemWebExceptionHandler problems, ObjectProvider<FirebaseSignIn> firebase) {
    HeraldAuthenticationManager manager = new HeraldAuthenticationManager(verifier,
        Optional.ofNullable(firebase.getIfAvailable()), access -> access.sessionId().isEmpty()
        ? Mono.just(access)
        : sessions.isLive(access.sessionId().get()).flatMap(live -> live ? Mono.just(access)
            : Mono.error(new InvalidTokenException("session revoked"))));
    return HeraldWebSecurity.with(manager, problems::handle,
            () -> ProblemException.forbidden("this account may not call this endpoint"))
        .credentials(new BearerTokenConverter())
        // accounts and sign-in (rate-limited per address)
        .route(POST, "/v1/users", ANONYMOUS)
        .route(POST, "/v1/sessions", ANONYMOUS)
        .route(POST, "/v1/sessions/refresh", ANONYMOUS) // the refresh token in the body is the credential
        .route(GET, "/.well-known/jwks.json", ANONYMOUS)
        .route(GET, "/v1/notifications/unsubscribe", ANONYMOUS) // the signed link is the credential
        .route(POST, "/v1/notifications/unsubscribe", ANONYMOUS)
        .actuator("health", "prometheus")
        // the caller's own account, sessions, devices and settings
        .route(GET, "/v1/users/me", USER)
        .route(PATCH, "/v1/users/me", USER)
        .route(DELETE, "/v1/users/me", USER)
        .route(POST, "/v1/users/me/shops", USER)
        .route(GET, "/v1/sessions", USER)
        .route(DELETE, "/v1/sessions/{sessionId}", USER)
        .route(GET, "/v1/users/me/devices", USER)
        .route(POST, "/v1/users/me/devices", USER)
        .route(DELETE, "/v1/users/me/devices/{token}", USER)
        .route(GET, "/v1/users/me/notification-settings", USER)
        .route(PUT, "/v1/users/me/notification-settings", USER)
        .route(POST, "/v1/tickets", USER)
        // events: the handlers decide shop ownership and conversation membership
        .route(POST, "/v1/shops/{shopId}/checkouts", USER)
        .route(POST, "/v1/shops/{shopId}/messages", USER)
        .route(POST, "/v1/conversations", USER)
        .route(POST, "/v1/conversations/{conversationId}/members", USER)
        .route(DELETE, "/v1/conversations/{conversationId}/members/{userId}", USER)
        .route(POST, "/v1/conversations/{conversationId}/messages", USER)
        .route(POST, "/v1/conversations/{conversationId}/receipts", USER)
        .build(http);
  }
}
