package io.herald.gateway.auth;

import io.herald.auth.HeraldPrincipal;
import io.herald.auth.Ticket;
import io.herald.auth.VerifiedAccess;
import io.herald.web.problem.ProblemException;
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
    return requireOwnerAccess(request, shopId).map(VerifiedAccess::principal);
  }

  /** As {@link #requireOwner}, with the credential's expiry and session (see {@link CredentialWatch}). */
  public Mono<VerifiedAccess> requireOwnerAccess(ServerRequest request, String shopId) {
    return authenticator.authenticateAccess(Credentials.from(request.headers().asHttpHeaders(), request.queryParams()),
            Ticket.shopScope(shopId))
        .flatMap(a -> a.principal().ownsShop(shopId) ? Mono.just(a)
            : Mono.error(ProblemException.forbidden("This account may not watch that shop.")));
  }
}
