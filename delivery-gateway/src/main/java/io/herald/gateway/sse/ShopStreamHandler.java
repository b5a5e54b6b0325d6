package io.herald.gateway.sse;

import io.herald.auth.HeraldPrincipal;
import io.herald.gateway.auth.CredentialWatch;
import io.herald.auth.VerifiedAccess;
import io.herald.auth.web.HeraldWebSecurity;
import io.herald.web.problem.ProblemException;
import java.util.function.Predicate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import io.herald.gateway.problem.ProblemResponses;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import io.herald.gateway.eventloop.EventLoops;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/shops/{shopId}/stream}: authenticate, read where to start, stream until the
 * credentials end (token expiry, account deleted, shop no longer the caller's). Renders its own
 * problems (as the routes' {@code onError} does elsewhere) and names itself briefly: WebFlux's
 * dispatcher builds a per-request description from the handler's {@code toString()}, which a live
 * stream holds for its whole life.
 */
final class ShopStreamHandler implements HandlerFunction<ServerResponse> {

  private final ShopStreamService streams;
  private final StreamProperties props;
  private final CredentialWatch credentials;

  ShopStreamHandler(ShopStreamService streams, StreamProperties props, CredentialWatch credentials) {
    this.streams = streams;
    this.props = props;
    this.credentials = credentials;
  }

  @Override
  public Mono<ServerResponse> handle(ServerRequest request) {
    return stream(request).onErrorResume(ProblemResponses::handles, e -> ProblemResponses.render(e, request));
  }

  @Override
  public String toString() {
    return "shop stream";
  }

  private Mono<ServerResponse> stream(ServerRequest request) {
    String shopId = request.pathVariable("shopId");
    Predicate<HeraldPrincipal> allowed = p -> p.ownsShop(shopId);
    return owner(request, shopId) // 403 before anything else is looked at (401: the security chain)
        .flatMap(caller -> credentials.requireCurrent(caller, allowed)) // 401 once known revoked
        .flatMap(caller -> Mono.fromCallable(() -> StreamStart.from(request, props.maxReplayMinutes()))
            .flatMap(start -> streams.open(shopId, start, credentials.watch(caller, allowed),
                EventLoops.of(request.exchange().getRequest()))))
        .flatMap(events -> ServerResponse.ok()
            .contentType(MediaType.TEXT_EVENT_STREAM)
            .header(HttpHeaders.CACHE_CONTROL, "no-cache, no-store")
            .header("X-Accel-Buffering", "no") // ask reverse proxies not to buffer the stream
            .body((response, context) -> response.writeWith(
                events.map(e -> response.bufferFactory().wrap(SseEvents.encode(e)))))); // flushed as written
  }

  /** A merchant sees only its own shops: the caller's token (or the ticket's) must name the shop. */
  private static Mono<VerifiedAccess> owner(ServerRequest request, String shopId) {
    return Mono.fromSupplier(() -> HeraldWebSecurity.access(request))
        .flatMap(a -> a.principal().ownsShop(shopId) ? Mono.just(a)
            : Mono.error(ProblemException.forbidden("This account may not watch that shop.")));
  }
}
