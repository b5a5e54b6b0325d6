package io.herald.ingest.checkouts;

import io.herald.auth.HeraldPrincipal;
import io.herald.auth.Role;
import io.herald.ingest.kafka.AcceptedPosts;
import io.herald.ingest.shops.ShopIds;
import io.herald.web.problem.ProblemException;
import io.herald.ingest.web.LimitSettings;
import io.herald.web.problem.ValidationException;
import io.herald.auth.web.HeraldWebSecurity;
import io.herald.events.CheckoutCompleted;
import io.herald.schemas.topics.Topics;
import java.time.Clock;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/shops/{shopId}/checkouts}: checks the caller may post to the shop, validates,
 * and answers 202 only once the broker acknowledged the {@code checkouts} record (key shop id,
 * timestamp occurredAt).
 */
@Component
class CheckoutHandler {

  private static final String ROUTE = "POST /v1/shops/{shopId}/checkouts";

  private final CheckoutValidator validator;
  private final AcceptedPosts posts;
  private final Clock clock;

  CheckoutHandler(LimitSettings limits, AcceptedPosts posts, Clock clock) {
    this.validator = new CheckoutValidator(limits);
    this.posts = posts;
    this.clock = clock;
  }

  Mono<ServerResponse> post(ServerRequest request) {
    return Mono.defer(() -> {
      HeraldPrincipal caller = HeraldWebSecurity.principal(request);
      String shopId = request.pathVariable("shopId");
      authorize(caller, shopId);
      return posts.publish(request, CheckoutRequest.class, body -> validator.validate(body, clock.instant()),
          caller.userId(), ROUTE, shopId, Topics.CHECKOUTS,
          (eventId, body) -> CheckoutEvents.toEvent(eventId, shopId, caller.userId(), body, clock.instant()),
          CheckoutCompleted::getOccurredAt);
    });
  }

  /** Customers buy anywhere; a merchant posts only to shops it owns. */
  static void authorize(HeraldPrincipal caller, String shopId) {
    if (!ShopIds.isValid(shopId)) {
      throw ValidationException.of("shopId", ShopIds.RULE);
    }
    if (caller.role() == Role.MERCHANT && !caller.ownsShop(shopId)) {
      throw ProblemException.forbidden("merchants may post checkouts only to their own shops");
    }
  }
}
