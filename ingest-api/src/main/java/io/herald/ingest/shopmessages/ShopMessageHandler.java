package io.herald.ingest.shopmessages;

import io.herald.auth.HeraldPrincipal;
import io.herald.events.ShopMessage;
import io.herald.ingest.kafka.AcceptedPosts;
import io.herald.ingest.shops.ShopIds;
import io.herald.ingest.web.LimitSettings;
import io.herald.web.problem.ValidationException;
import io.herald.auth.web.HeraldWebSecurity;
import io.herald.schemas.topics.Topics;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/shops/{shopId}/messages}: any signed-in user may message a shop; answered 202
 * once the {@code shop-messages} record (key shop id) is acknowledged.
 */
@Component
class ShopMessageHandler {

  private static final String ROUTE = "POST /v1/shops/{shopId}/messages";

  private final ShopMessageValidator validator;
  private final AcceptedPosts posts;
  private final Clock clock;

  ShopMessageHandler(LimitSettings limits, AcceptedPosts posts, Clock clock) {
    this.validator = new ShopMessageValidator(limits);
    this.posts = posts;
    this.clock = clock;
  }

  Mono<ServerResponse> post(ServerRequest request) {
    return Mono.defer(() -> {
      HeraldPrincipal caller = HeraldWebSecurity.principal(request);
      String shopId = request.pathVariable("shopId");
      if (!ShopIds.isValid(shopId)) {
        throw ValidationException.of("shopId", ShopIds.RULE);
      }
      return posts.publish(request, ShopMessageRequest.class, body -> validator.validate(body, clock.instant()),
          caller.userId(), ROUTE, shopId, Topics.SHOP_MESSAGES,
          (eventId, body) -> ShopMessage.newBuilder()
              .setEventId(eventId)
              .setOccurredAt(body.occurredAt() != null ? body.occurredAt() : clock.instant())
              .setShopId(shopId)
              .setSenderId(caller.userId())
              .setKind(body.kind())
              .setBody(body.body())
              .setAttributes(body.attributes() != null ? Map.copyOf(body.attributes()) : Map.of())
              .build(),
          ShopMessage::getOccurredAt);
    });
  }
}
