package io.herald.ingest.shops;

import io.herald.auth.HeraldPrincipal;
import io.herald.auth.web.HeraldWebSecurity;
import io.herald.ingest.kafka.AcceptedPosts;
import io.herald.ingest.web.RateLimits;
import io.herald.web.problem.ValidationException;
import java.time.Clock;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The route of a {@link ShopPost}: a valid shop id, the post's access rule, then one accepted
 * event keyed by the shop id ({@link AcceptedPosts}: 202 after the broker's ack, once per
 * {@code Idempotency-Key}), behind the per-user rate limit.
 */
@Component
public final class ShopPosts {

  private final AcceptedPosts posts;
  private final RateLimits limits;
  private final Clock clock;

  ShopPosts(AcceptedPosts posts, RateLimits limits, Clock clock) {
    this.posts = posts;
    this.limits = limits;
    this.clock = clock;
  }

  public <B, V> RouterFunction<ServerResponse> route(ShopPost<B, V> post) {
    String operation = "POST " + post.path();
    return RouterFunctions.route()
        .POST(post.path(), request -> Mono.defer(() -> {
          HeraldPrincipal caller = HeraldWebSecurity.principal(request);
          String shopId = request.pathVariable("shopId");
          if (!ShopIds.isValid(shopId)) {
            throw ValidationException.of("shopId", ShopIds.RULE);
          }
          post.access().check(caller, shopId);
          return posts.publish(request, post.bodyType(), body -> post.validator().validate(body, clock.instant()),
              caller.userId(), operation, shopId, post.topic(),
              (eventId, body) -> post.event().toEvent(eventId, shopId, caller, body, clock.instant()),
              post.timestamp());
        }))
        .filter(limits.perUser())
        .build();
  }
}
