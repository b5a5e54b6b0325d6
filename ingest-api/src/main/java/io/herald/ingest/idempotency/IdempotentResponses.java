package io.herald.ingest.idempotency;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Writes an idempotent outcome: the stored status and JSON body, marked when replayed. */
public final class IdempotentResponses {

  private IdempotentResponses() {}

  public static Mono<ServerResponse> render(IdempotentOutcome outcome) {
    ServerResponse.BodyBuilder builder = ServerResponse.status(outcome.response().status())
        .contentType(MediaType.APPLICATION_JSON);
    if (outcome.replayed()) {
      builder.header(IdempotencyKey.REPLAYED_HEADER, "true");
    }
    return builder.bodyValue(outcome.response().body());
  }
}
