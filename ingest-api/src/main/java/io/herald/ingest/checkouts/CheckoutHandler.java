package io.herald.ingest.checkouts;

import io.herald.auth.HeraldPrincipal;
import io.herald.auth.Role;
import io.herald.ingest.idempotency.Idempotency;
import io.herald.ingest.idempotency.IdempotencyKey;
import io.herald.ingest.idempotency.IdempotentResponses;
import io.herald.ingest.idempotency.RequestFingerprint;
import io.herald.ingest.idempotency.StoredResponse;
import io.herald.ingest.kafka.AcceptedEvent;
import io.herald.ingest.kafka.EventPublisher;
import io.herald.ingest.shops.ShopIds;
import io.herald.web.problem.ProblemException;
import io.herald.ingest.web.LimitSettings;
import io.herald.web.problem.ValidationException;
import io.herald.auth.web.HeraldWebSecurity;
import io.herald.events.CheckoutCompleted;
import io.herald.schemas.topics.Topics;
import java.time.Clock;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/shops/{shopId}/checkouts}: checks the caller may post to the shop, validates,
 * and answers 202 only once the broker acknowledged the {@code checkouts} record (key shop id,
 * timestamp occurredAt).
 */
@Component
class CheckoutHandler {

  private static final String ROUTE = "POST /v1/shops/{shopId}/checkouts";

  private final CheckoutValidator validator;
  private final Idempotency idempotency;
  private final EventPublisher publisher;
  private final JsonMapper json;
  private final Clock clock;

  CheckoutHandler(LimitSettings limits, Idempotency idempotency, EventPublisher publisher, JsonMapper json, Clock clock) {
    this.validator = new CheckoutValidator(limits);
    this.idempotency = idempotency;
    this.publisher = publisher;
    this.json = json;
    this.clock = clock;
  }

  Mono<ServerResponse> post(ServerRequest request) {
    return Mono.defer(() -> {
      HeraldPrincipal caller = HeraldWebSecurity.principal(request);
      String shopId = request.pathVariable("shopId");
      authorize(caller, shopId);
      var key = IdempotencyKey.from(request);
      return request.bodyToMono(CheckoutRequest.class)
          .switchIfEmpty(Mono.error(() -> ValidationException.of("body", "is required")))
          .flatMap(body -> {
            Instant now = clock.instant();
            validator.validate(body, now);
            return idempotency.execute(caller.userId(), ROUTE, key, () -> RequestFingerprint.of(shopId, body), eventId -> {
              CheckoutCompleted event = CheckoutEvents.toEvent(eventId, shopId, caller.userId(), body, clock.instant());
              return publisher.publish(Topics.CHECKOUTS, shopId, event, event.getOccurredAt())
                  .map(md -> new StoredResponse(HttpStatus.ACCEPTED.value(), json.writeValueAsString(AcceptedEvent.of(eventId, md))));
            });
          })
          .flatMap(IdempotentResponses::render);
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
