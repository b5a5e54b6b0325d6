package io.herald.gateway.auth;

import io.herald.auth.HeraldPrincipal;
import io.herald.auth.Ticket;
import io.herald.gateway.problem.ProblemException;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/** Who may watch a shop: a merchant whose token names it. */
public final class ShopAccess {

  private final RequestAuthenticator authenticator;

  public ShopAccess(RequestAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  /** 401 without valid credentials (or with a ticket for another scope), 403 for someone else's shop. */
  public Mono<HeraldPrincipal> requireOwner(ServerRequest request, String shopId) {
    return authenticator.authenticate(request, Ticket.shopScope(shopId))
        .flatMap(p -> p.ownsShop(shopId) ? Mono.just(p)
            : Mono.error(ProblemException.forbidden("This account may not watch that shop.")));
  }
}
