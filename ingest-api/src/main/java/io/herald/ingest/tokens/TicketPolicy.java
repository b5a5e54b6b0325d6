package io.herald.ingest.tokens;

import io.herald.auth.HeraldPrincipal;
import io.herald.auth.Ticket;
import io.herald.ingest.shops.ShopIds;
import io.herald.web.problem.ProblemException;
import io.herald.web.problem.ValidationException;

/** Which scopes a caller may hold a ticket for: their own shops (merchants) and the WebSocket. */
final class TicketPolicy {

  private static final String SHOP_PREFIX = Ticket.shopScope("");

  private TicketPolicy() {}

  /** Returns the scope when allowed; 400 for an unknown scope, 403 for a shop not owned. */
  static String authorize(HeraldPrincipal caller, String scope) {
    if (Ticket.WEBSOCKET_SCOPE.equals(scope)) {
      return scope;
    }
    if (scope != null && scope.startsWith(SHOP_PREFIX) && ShopIds.isValid(scope.substring(SHOP_PREFIX.length()))) {
      if (!caller.ownsShop(scope.substring(SHOP_PREFIX.length()))) {
        throw ProblemException.forbidden("only a merchant owning the shop may watch it");
      }
      return scope;
    }
    throw ValidationException.of("scope", "must be \"ws\" or \"shop:<shopId>\"");
  }
}
