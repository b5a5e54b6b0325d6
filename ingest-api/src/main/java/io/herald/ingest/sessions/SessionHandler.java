package io.herald.ingest.sessions;

import io.herald.web.problem.ProblemException;
import io.herald.web.problem.ValidationException;
import io.herald.auth.web.HeraldWebSecurity;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Refresh, sign-out, and the caller's devices. */
class SessionHandler {

  private final Sessions sessions;

  SessionHandler(Sessions sessions) {
    this.sessions = sessions;
  }

  Mono<ServerResponse> refresh(ServerRequest request) {
    return request.bodyToMono(RefreshRequest.class)
        .switchIfEmpty(Mono.error(() -> ValidationException.of("body", "is required")))
        .flatMap(r -> {
          if (r.refreshToken() == null || r.refreshToken().isBlank()) {
            return Mono.error(ValidationException.of("refreshToken", "is required"));
          }
          return sessions.refresh(r.refreshToken());
        })
        .flatMap(s -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(s));
  }

  /** Sign-out: revokes the caller's session, its refresh token and every access token of it. Repeatable. */
  Mono<ServerResponse> signOut(ServerRequest request) {
    String userId = HeraldWebSecurity.principal(request).userId();
    return HeraldWebSecurity.access(request).sessionId()
        .map(sid -> sessions.revoke(sid, userId, "signed out").then())
        .orElse(Mono.empty())
        .then(ServerResponse.noContent().build());
  }

  Mono<ServerResponse> list(ServerRequest request) {
    return sessions.list(HeraldWebSecurity.principal(request).userId(), HeraldWebSecurity.access(request).sessionId().orElse(null))
        .flatMap(views -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(views));
  }

  /** Revokes one of the caller's devices; 404 for a session that is not theirs or no longer live. */
  Mono<ServerResponse> revoke(ServerRequest request) {
    return sessions.revoke(request.pathVariable("sessionId"), HeraldWebSecurity.principal(request).userId(), "revoked by user")
        .flatMap(done -> done ? ServerResponse.noContent().build()
            : Mono.error(new ProblemException(org.springframework.http.HttpStatus.NOT_FOUND, "no such live session")));
  }
}
