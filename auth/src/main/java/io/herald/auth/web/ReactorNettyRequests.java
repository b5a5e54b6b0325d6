package io.herald.auth.web;

import java.util.Optional;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.netty.http.server.HttpServerRequest;

/** The Reactor Netty request under a WebFlux request, when there is one (not for mocks or other servers). */
public final class ReactorNettyRequests {

  private ReactorNettyRequests() {}

  public static Optional<HttpServerRequest> of(ServerHttpRequest request) {
    Object server;
    try {
      server = ServerHttpRequestDecorator.getNativeRequest(request);
    } catch (IllegalArgumentException | IllegalStateException notAServerRequest) { // a mock's or another server's
      return Optional.empty();
    }
    return server instanceof HttpServerRequest netty ? Optional.of(netty) : Optional.empty();
  }
}
