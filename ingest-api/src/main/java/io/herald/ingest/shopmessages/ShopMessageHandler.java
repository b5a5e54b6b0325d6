package io.herald.ingest.shopmessages;

import io.herald.auth.HeraldPrincipal;
import io.herald.events.ShopMessage;
import io.herald.ingest.idempotency.Idempotency;
import io.herald.ingest.idempotency.IdempotencyKey;
import io.herald.ingest.idempotency.IdempotentResponses;
import io.herald.ingest.idempotency.RequestFingerprint;
import io.herald.ingest.idempotency.StoredResponse;
import io.herald.ingest.kafka.AcceptedEvent;
import io.herald.ingest.kafka.EventPublisher;
import io.herald.ingest.shops.ShopIds;
import io.herald.ingest.web.LimitSettings;
import io.herald.web.problem.ValidationException;
import io.herald.auth.web.HeraldWebSecurity;
import io.herald.schemas.topics.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/shops/{shopId}/messages}: any signed-in user may message a shop; answered 202
 * once the {@code shop-messages} record (key shop id) is acknowledged.
 */
@Component
class ShopMessageHandler {

  private static final String ROUTE = "POST /v1/shops/{shopId}/messages";

  private final ShopMessageValidator validator;
  private final Idempotency idempotency;
  private final EventPublisher publisher;
  private final JsonMapper json;
  private final Clock clock;

  ShopMessageHandler(LimitSettings limits, Idempotency idempotency, EventPublisher publisher, JsonMapper json, Clock clock) {
    this.validator = new ShopMessageValidator(limits);
    this.idempotency = idempotency;
    this.publisher = publisher;
    this.json = json;
    this.clock = clock;
  }

  Mono<ServerResponse> post(ServerRequest request) {
    return Mono.defer(() -> {
      HeraldPrincipal caller = HeraldWebSecurity.principal(request);
      String shopId = request.pathVariable("shopId");
      if (!ShopIds.isValid(shopId)) {
        throw ValidationException.of("shopId", ShopIds.RULE);
      }
      var key = IdempotencyKey.from(request);
      return request.bodyToMono(ShopMessageRequest.class)
          .switchIfEmpty(Mono.error(() -> ValidationException.of("body", "is required")))
          .flatMap(body -> {
            validator.validate(body, clock.instant());
            return idempotency.execute(caller.userId(), ROUTE, key, () -> RequestFingerprint.of(shopId, body), eventId -> {
              Instant now = clock.instant();
              ShopMessage event = ShopMessage.newBuilder()
                  .setEventId(eventId)
                  .setOccurredAt(body.occurredAt() != null ? body.occurredAt() : now)
                  .setShopId(shopId)
                  .setSenderId(caller.userId())
                  .setKind(body.kind())
                  .setBody(body.body())
                  .setAttributes(body.attributes() != null ? Map.copyOf(body.attributes()) : Map.of())
                  .build();
              return publisher.publish(Topics.SHOP_MESSAGES, shopId, event, event.getOccurredAt())
                  .map(md -> new StoredResponse(HttpStatus.ACCEPTED.value(), json.writeValueAsString(AcceptedEvent.of(eventId, md))));
            });
          })
          .flatMap(IdempotentResponses::render);
    });
  }
}
