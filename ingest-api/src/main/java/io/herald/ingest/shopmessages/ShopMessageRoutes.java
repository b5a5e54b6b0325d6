package io.herald.ingest.shopmessages;

import io.herald.events.ShopMessage;
import io.herald.ingest.shops.ShopPost;
import io.herald.ingest.shops.ShopPosts;
import io.herald.ingest.web.LimitSettings;
import io.herald.schemas.topics.Topics;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code POST /v1/shops/{shopId}/messages}: any signed-in user may message a shop; answered 202
 * once the {@code shop-messages} record (key shop id) is acknowledged.
 */
@Configuration(proxyBeanMethods = false)
class ShopMessageRoutes {

  @Bean
  RouterFunction<ServerResponse> shopMessageRouter(ShopPosts posts, LimitSettings limits) {
    ShopMessageValidator validator = new ShopMessageValidator(limits);
    return posts.route(new ShopPost<>("/v1/shops/{shopId}/messages", ShopMessageRequest.class,
        ShopPost.ANY_CALLER, validator::validate, Topics.SHOP_MESSAGES,
        (eventId, shopId, caller, body, now) -> ShopMessage.newBuilder()
            .setEventId(eventId)
            .setOccurredAt(body.occurredAt() != null ? body.occurredAt() : now)
            .setShopId(shopId)
            .setSenderId(caller.userId())
            .setKind(body.kind())
            .setBody(body.body())
            .setAttributes(body.attributes() != null ? Map.copyOf(body.attributes()) : Map.of())
            .build(),
        ShopMessage::getOccurredAt));
  }
}
