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
import io.herald.gateway.netty.DecoderScratch;
import io.herald.gateway.auth.CredentialEnd;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

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

  /**
   * The checks run in order, synchronously, before anything is subscribed: 403 (not the caller's
   * shop), 401 (known revoked), 400 (cursor, minutes), 503 (limits, feed not ready). Only a feed not
   * ready yet is waited for. A live stream keeps every operator assembled for its request, so the
   * fewer the better (docs/architecture.md, "Memory per connection").
   */
  @Override
  public Mono<ServerResponse> handle(ServerRequest request) {
    try {
      String shopId = request.pathVariable("shopId");
      VerifiedAccess caller = HeraldWebSecurity.access(request);
      if (!caller.principal().ownsShop(shopId)) { // a merchant sees only its own shops (401: the security chain)
        throw ProblemException.forbidden("This account may not watch that shop.");
      }
      Predicate<HeraldPrincipal> allowed = p -> p.ownsShop(shopId);
      credentials.checkCurrent(caller, allowed); // 401 once known revoked
      StreamStart start = StreamStart.from(request, props.maxReplayMinutes());
      Mono<CredentialEnd> end = credentials.watch(caller, allowed);
      Scheduler liveOn = EventLoops.of(request.exchange().getRequest());
      DecoderScratch.trim(request.exchange().getRequest()); // a stream reads no more requests: 2 kB back
      if (streams.ready()) {
        // Through a flatMap that hands the response on and forgets it. A Mono.just reaching the handler
        // adapter (also as Mono.just(..).flatMap, which Reactor resolves at assembly) would be held,
        // headers and all, by the adapter's subscription for the stream's whole life: hide() prevents that.
        return Mono.just(streams.connect(shopId, start, end, liveOn)).hide().flatMap(ShopStreamHandler::respond);
      }
      return streams.open(shopId, start, end, liveOn).flatMap(ShopStreamHandler::respond).onErrorResume(
          ProblemResponses::handles, e -> ProblemResponses.render(e, request));
    } catch (RuntimeException e) {
      return ProblemResponses.handles(e) ? ProblemResponses.render(e, request) : Mono.error(e);
    }
  }

  @Override
  public String toString() {
    return "shop stream";
  }

  private static Mono<ServerResponse> respond(Flux<ServerSentEvent<String>> events) {
    return ServerResponse.ok()
        .contentType(MediaType.TEXT_EVENT_STREAM)
        .header(HttpHeaders.CACHE_CONTROL, "no-cache, no-store")
        .header("X-Accel-Buffering", "no") // ask reverse proxies not to buffer the stream
        .body((response, context) -> response.writeWith(
            events.map(e -> response.bufferFactory().wrap(SseEvents.encode(e))))); // flushed as written
  }
}
