package io.herald.ingest.kafka;

import io.herald.ingest.idempotency.Idempotency;
import io.herald.ingest.idempotency.IdempotencyKey;
import io.herald.ingest.idempotency.IdempotentResponses;
import io.herald.ingest.idempotency.RequestFingerprint;
import io.herald.ingest.idempotency.StoredResponse;
import io.herald.schemas.topics.TopicSpec;
import io.herald.web.problem.ValidationException;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * A POST that publishes one event keyed by its target (e.g. the shop): once per
 * {@code Idempotency-Key} (a retry gets the first answer), 202 {@link AcceptedEvent} only after the
 * broker acknowledged the record.
 */
@Component
public final class AcceptedPosts {

  private final Idempotency idempotency;
  private final EventPublisher publisher;
  private final JsonMapper json;

  AcceptedPosts(Idempotency idempotency, EventPublisher publisher, JsonMapper json) {
    this.idempotency = idempotency;
    this.publisher = publisher;
    this.json = json;
  }

  /**
   * Reads the JSON body (400 when absent), validates it, then publishes its event once per key.
   *
   * @param route the operation, so one key is not shared by different operations
   * @param target what the request is about besides its body (a retry with the same key must repeat both)
   * @param event the event for the body and the id the idempotency record reserved
   * @param timestamp the record's timestamp, from the event
   */
  public <B, V> Mono<ServerResponse> publish(ServerRequest request, Class<B> bodyType, Consumer<B> validate,
                                             String userId, String route, String target, TopicSpec<String, V> topic,
                                             BiFunction<UUID, B, V> event, Function<V, Instant> timestamp) {
    return request.bodyToMono(bodyType)
        .switchIfEmpty(Mono.error(() -> ValidationException.of("body", "is required")))
        .flatMap(body -> {
          validate.accept(body);
          return idempotency.execute(userId, route, IdempotencyKey.from(request), () -> RequestFingerprint.of(target, body),
              eventId -> {
                V value = event.apply(eventId, body);
                return publisher.publish(topic, target, value, timestamp.apply(value))
                    .map(md -> new StoredResponse(HttpStatus.ACCEPTED.value(),
                        json.writeValueAsString(AcceptedEvent.of(eventId, md))));
              });
        })
        .flatMap(IdempotentResponses::render);
  }
}
