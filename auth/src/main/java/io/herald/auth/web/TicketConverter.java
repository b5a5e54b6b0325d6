package io.herald.auth.web;

import java.util.Optional;
import java.util.function.Function;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads a short-lived ticket from {@code ?ticket=} (browsers' EventSource and WebSocket cannot set
 * headers), only on the routes that name a ticket scope ({@code scopeOf}); elsewhere a ticket is
 * not a credential at all.
 */
public final class TicketConverter implements ServerAuthenticationConverter {

  public static final String PARAM = "ticket";

  private final Function<ServerWebExchange, Optional<String>> scopeOf;

  public TicketConverter(Function<ServerWebExchange, Optional<String>> scopeOf) {
    this.scopeOf = scopeOf;
  }

  @Override
  public Mono<Authentication> convert(ServerWebExchange exchange) {
    String ticket = exchange.getRequest().getQueryParams().getFirst(PARAM);
    if (ticket == null || ticket.isBlank()) {
      return Mono.empty();
    }
    return Mono.justOrEmpty(scopeOf.apply(exchange).map(scope -> PresentedCredential.ticket(ticket, scope)));
  }
}
