package io.herald.ingest.web;

import reactor.core.publisher.Mono;

/** Whether a sign-in session is still live: an access token of a revoked session is refused (401). */
@FunctionalInterface
public interface SessionCheck {
  Mono<Boolean> isLive(String sessionId);
}
