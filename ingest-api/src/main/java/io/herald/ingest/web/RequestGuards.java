package io.herald.ingest.web;

import io.herald.web.problem.ProblemException;
import io.herald.web.ratelimit.RateLimiter;
import io.herald.auth.BearerToken;
import io.herald.auth.HeraldPrincipal;
import io.herald.auth.InvalidTokenException;
import io.herald.auth.TokenVerifier;
import io.herald.auth.VerifiedAccess;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Route filters: who the caller is (bearer access token, 401 otherwise) and how often they may
 * call (429). The principal comes only from the verified token, never from the request body.
 */
@Component
public class RequestGuards {

  private static final String PRINCIPAL = RequestGuards.class.getName() + ".principal";
  private static final String ACCESS = RequestGuards.class.getName() + ".access";

  private final TokenVerifier verifier;
  private final SessionCheck sessions;
  private final RateLimiter perUser;
  private final RateLimiter perAddress;

  public RequestGuards(TokenVerifier verifier, SessionCheck sessions, RateLimitSettings limits) {
    this.verifier = verifier;
    this.sessions = sessions;
    this.perUser = new RateLimiter(limits.perUserPerSecond(), limits.perUserBurst(), limits.maxTrackedKeys(), System::nanoTime);
    this.perAddress = new RateLimiter(limits.anonymousPerSecond(), limits.anonymousBurst(), limits.maxTrackedKeys(), System::nanoTime);
  }

  /** Requires a valid access token of a live session (not signed out or revoked); rate-limits per user. */
  public HandlerFilterFunction<ServerResponse, ServerResponse> signedIn() {
    return (request, next) -> Mono.justOrEmpty(BearerToken.from(request.headers().firstHeader(HttpHeaders.AUTHORIZATION)))
        .switchIfEmpty(Mono.error(() -> new InvalidTokenException("no bearer token")))
        .flatMap(verifier::verifyAccess)
        .flatMap(access -> access.sessionId().isEmpty() ? Mono.just(access)
            : sessions.isLive(access.sessionId().get()).flatMap(live -> live ? Mono.just(access)
                : Mono.error(new InvalidTokenException("session revoked"))))
        .flatMap(access -> {
          HeraldPrincipal principal = access.principal();
          limit(perUser, "user:" + principal.userId());
          request.attributes().put(PRINCIPAL, principal);
          request.attributes().put(ACCESS, access);
          return next.handle(request);
        });
  }

  /** Rate-limits unauthenticated, expensive calls (sign-up, sign-in) per client address. */
  public HandlerFilterFunction<ServerResponse, ServerResponse> anonymous() {
    return (request, next) -> Mono.defer(() -> {
      limit(perAddress, "addr:" + request.remoteAddress().map(InetSocketAddress::getHostString).orElse("unknown"));
      return next.handle(request);
    });
  }

  /** The caller of a route guarded by {@link #signedIn()}. */
  public static HeraldPrincipal principal(ServerRequest request) {
    Object p = request.attributes().get(PRINCIPAL);
    if (p instanceof HeraldPrincipal principal) {
      return principal;
    }
    throw new IllegalStateException("route is not guarded by signedIn()");
  }

  /** The sign-in session of the caller's access token (empty for tokens issued without one). */
  public static java.util.Optional<String> sessionId(ServerRequest request) {
    return access(request).sessionId();
  }

  /** The verified access token of a route guarded by {@link #signedIn()}: caller, expiry, session. */
  public static VerifiedAccess access(ServerRequest request) {
    if (request.attributes().get(ACCESS) instanceof VerifiedAccess access) {
      return access;
    }
    throw new IllegalStateException("route is not guarded by signedIn()");
  }

  private static void limit(RateLimiter limiter, String key) {
    Duration wait = limiter.acquire(key);
    if (!wait.isZero()) {
      throw ProblemException.tooManyRequests(wait);
    }
  }
}
