package io.herald.gateway.sse;

import io.herald.gateway.auth.ShopAccess;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code GET /v1/shops/{shopId}/stream}: authenticate, read where to start, stream. */
final class ShopStreamHandler {

  private final ShopAccess access;
  private final ShopStreamService streams;
  private final StreamProperties props;

  ShopStreamHandler(ShopAccess access, ShopStreamService streams, StreamProperties props) {
    this.access = access;
    this.streams = streams;
    this.props = props;
  }

  Mono<ServerResponse> stream(ServerRequest request) {
    String shopId = request.pathVariable("shopId");
    return access.requireOwner(request, shopId) // 401/403 before anything else is looked at
        .then(Mono.fromCallable(() -> StreamStart.from(request, props.maxReplayMinutes())))
        .flatMap(start -> streams.open(shopId, start))
        .flatMap(events -> ServerResponse.ok()
            .contentType(MediaType.TEXT_EVENT_STREAM)
            .header(HttpHeaders.CACHE_CONTROL, "no-cache, no-store")
            .header("X-Accel-Buffering", "no") // ask reverse proxies not to buffer the stream
            .body(BodyInserters.fromServerSentEvents(events)));
  }
}
