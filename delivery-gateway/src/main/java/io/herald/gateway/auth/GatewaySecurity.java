package io.herald.gateway.auth;

import static io.herald.auth.web.AccessRule.ANONYMOUS;
import static io.herald.auth.web.AccessRule.MERCHANT;
import static io.herald.auth.web.AccessRule.TICKET;
import static io.herald.auth.web.AccessRule.USER;
import static org.springframework.http.HttpMethod.GET;

import io.herald.auth.Ticket;
import io.herald.auth.web.BearerTokenConverter;
import io.herald.auth.web.HeraldAuthenticationManager;
import io.herald.auth.web.HeraldWebSecurity;
import io.herald.auth.web.TicketConverter;
import io.herald.gateway.problem.ProblemResponses;
import io.herald.web.problem.ExchangeProblems;
import io.herald.web.problem.ProblemHandling;
import io.herald.web.problem.ProblemRenderer;
import io.herald.web.problem.ProblemException;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.PathContainer;
import io.herald.auth.web.EnableHeraldWebSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may call which gateway route, in one place; anything not listed is denied. Tickets
 * ({@code ?ticket=}) are read only on the two routes a browser opens without headers, each for its
 * own scope: {@code ws} on the chat socket, {@code shop:<id>} on that shop's stream.
 */
@Configuration(proxyBeanMethods = false)
@EnableHeraldWebSecurity
@Import(ProblemHandling.class)
class GatewaySecurity {

  static final String SHOP_STREAM = "/v1/shops/{shopId}/stream";
  static final String CHAT_SOCKET = "/v1/ws";
  private static final PathPattern SHOP_STREAM_PATTERN = PathPatternParser.defaultInstance.parse(SHOP_STREAM);

  /** What the gateway's one exception handler renders failures with (a 401 never echoes the verifier). */
  @Bean
  ProblemRenderer problemRenderer() {
    return ProblemResponses.RENDERER;
  }

  @Bean
  SecurityWebFilterChain gatewaySecurityChain(ServerHttpSecurity http, HeraldAuthenticationManager manager,
                                              ServerCodecConfigurer codecs) {
    ExchangeProblems problems = new ExchangeProblems(codecs, ProblemResponses.RENDERER);
    return HeraldWebSecurity.with(manager, problems::write,
            () -> ProblemException.forbidden("This account may not use this endpoint."))
        .credentials(new BearerTokenConverter(), new TicketConverter(GatewaySecurity::ticketScope))
        .route(GET, SHOP_STREAM, MERCHANT) // and the token must name the shop: decided by the stream handler
        .route(GET, CHAT_SOCKET, TICKET)
        .route(GET, "/v1/conversations", USER) // membership: decided by the history handler
        .route(GET, "/v1/conversations/{conversationId}/messages", USER)
        .route(GET, "/v1/users/{userId}/presence", USER) // contacts only: decided by the presence handler
        .route(GET, "/dashboard", ANONYMOUS) // the pages, their scripts and their config hold no secret
        .route(GET, "/dashboard/**", ANONYMOUS)
        .route(GET, "/chat", ANONYMOUS)
        .route(GET, "/chat/**", ANONYMOUS)
        .route(GET, "/pages/**", ANONYMOUS)
        .actuator("health", "info", "prometheus")
        .build(http);
  }

  /** The one ticket scope a request may be opened with, if any. */
  static Optional<String> ticketScope(ServerWebExchange exchange) {
    PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
    if (CHAT_SOCKET.equals(path.value())) {
      return Optional.of(Ticket.WEBSOCKET_SCOPE);
    }
    PathPattern.PathMatchInfo match = SHOP_STREAM_PATTERN.matchAndExtract(path);
    return match == null ? Optional.empty() : Optional.of(Ticket.shopScope(match.getUriVariables().get("shopId")));
  }
}
