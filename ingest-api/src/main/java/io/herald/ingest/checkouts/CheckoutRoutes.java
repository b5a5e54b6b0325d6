package io.herald.ingest.checkouts;

import io.herald.auth.HeraldPrincipal;
import io.herald.auth.Role;
import io.herald.events.CheckoutCompleted;
import io.herald.ingest.shops.ShopPost;
import io.herald.ingest.shops.ShopPosts;
import io.herald.ingest.web.LimitSettings;
import io.herald.schemas.topics.Topics;
import io.herald.web.problem.ProblemException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code POST /v1/shops/{shopId}/checkouts}: 202 only once the broker acknowledged the
 * {@code checkouts} record (key shop id, timestamp occurredAt).
 */
@Configuration(proxyBeanMethods = false)
class CheckoutRoutes {

  @Bean
  RouterFunction<ServerResponse> checkoutRouter(ShopPosts posts, LimitSettings limits) {
    CheckoutValidator validator = new CheckoutValidator(limits);
    return posts.route(new ShopPost<>("/v1/shops/{shopId}/checkouts", CheckoutRequest.class,
        CheckoutRoutes::authorize, validator::validate, Topics.CHECKOUTS,
        (eventId, shopId, caller, body, now) -> CheckoutEvents.toEvent(eventId, shopId, caller.userId(), body, now),
        CheckoutCompleted::getOccurredAt));
  }

  /** Customers buy anywhere; a merchant posts only to shops it owns. */
  static void authorize(HeraldPrincipal caller, String shopId) {
    if (caller.role() == Role.MERCHANT && !caller.ownsShop(shopId)) {
      throw ProblemException.forbidden("merchants may post checkouts only to their own shops");
    }
  }
}
