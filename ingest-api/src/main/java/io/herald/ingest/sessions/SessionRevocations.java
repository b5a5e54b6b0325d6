package io.herald.ingest.sessions;

import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Announces a revoked session on {@code users} (a {@code ProfileChanged} naming it in
 * {@code revoked_session_ids}), so gateways end the streams and sockets opened with its access
 * tokens within seconds. Provided by the accounts feature: the event goes through the account
 * document's outbox, in order with the account's other events. Completes empty when the account
 * is gone (its {@code UserDeleted} already ends everything).
 */
@FunctionalInterface
public interface SessionRevocations {
  Mono<Void> announce(String userId, String sessionId, Instant at);
}
