package io.herald.ingest.web;

import io.herald.auth.web.HeraldWebSecurity;
import io.herald.web.problem.ProblemException;
import io.herald.web.ratelimit.RateLimiter;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * How often a caller may call (429 beyond): per signed-in user, or per client address on the
 * expensive anonymous routes. Who the caller is was decided before, by the security chain
 * ({@link ApiSecurity}); this only counts.
 */
@Component
public class RateLimits {

  private final RateLimiter perUser;
  private final RateLimiter perAddress;

  public RateLimits(RateLimitSettings limits) {
    this.perUser = new RateLimiter(limits.perUserPerSecond(), limits.perUserBurst(), limits.maxTrackedKeys(), System::nanoTime);
    this.perAddress = new RateLimiter(limits.anonymousPerSecond(), limits.anonymousBurst(), limits.maxTrackedKeys(), System::nanoTime);
  }

  /** Rate-limits per signed-in user (routes the chain opens to users only). */
  public HandlerFilterFunction<ServerResponse, ServerResponse> perUser() {
    return (request, next) -> Mono.defer(() -> {
      limit(perUser, "user:" + HeraldWebSecurity.principal(request).userId());
      return next.handle(request);
    });
  }

  /** Rate-limits unauthenticated, expensive calls (sign-up, sign-in) per client address. */
  public HandlerFilterFunction<ServerResponse, ServerResponse> perAddress() {
    return (request, next) -> Mono.defer(() -> {
      limit(perAddress, "addr:" + request.remoteAddress().map(InetSocketAddress::getHostString).orElse("unknown"));
      return next.handle(request);
    });
  }

  private static void limit(RateLimiter limiter, String key) {
    Duration wait = limiter.acquire(key);
    if (!wait.isZero()) {
      throw ProblemException.tooManyRequests(wait);
    }
  }
}
