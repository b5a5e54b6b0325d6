package io.herald.ingest.tokens;

import io.herald.auth.HeraldPrincipal;
import io.herald.auth.Ticket;
import io.herald.auth.TokenIssuer;
import io.herald.ingest.shops.ShopOwnership;
import io.herald.web.problem.ProblemException;
import io.herald.web.problem.ValidationException;
import io.herald.auth.web.HeraldWebSecurity;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/tickets}. A shop ticket needs both the token naming the shop and a confirmed
 * claim in {@code shops}: the token alone would keep opening a shop for up to its lifetime after
 * the account was deleted and the shop claimed by someone else.
 */
@Component
class TicketHandler {

  private static final String SHOP_PREFIX = Ticket.shopScope("");

  private final TokenIssuer issuer;
  private final ShopOwnership ownership;

  TicketHandler(TokenIssuer issuer, ShopOwnership ownership) {
    this.issuer = issuer;
    this.ownership = ownership;
  }

  Mono<ServerResponse> issue(ServerRequest request) {
    HeraldPrincipal caller = HeraldWebSecurity.principal(request);
    return request.bodyToMono(TicketRequest.class)
        .switchIfEmpty(Mono.error(() -> ValidationException.of("scope", "is required")))
        .flatMap(body -> {
          String scope = TicketPolicy.authorize(caller, body.scope());
          Mono<Boolean> allowed = scope.startsWith(SHOP_PREFIX)
              ? ownership.isOwner(scope.substring(SHOP_PREFIX.length()), caller.userId())
              : Mono.just(true);
          return allowed.flatMap(ok -> ok ? Mono.just(scope)
              : Mono.error(ProblemException.forbidden("only a merchant owning the shop may watch it")));
        })
        .flatMap(scope -> {
          TokenIssuer.Issued t = issuer.ticket(HeraldWebSecurity.access(request), scope);
          return ServerResponse.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON)
              .bodyValue(new TicketResponse(t.token(), scope, t.expiresAt()));
        });
  }
}
