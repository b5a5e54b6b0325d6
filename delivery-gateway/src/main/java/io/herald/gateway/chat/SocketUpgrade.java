package io.herald.gateway.chat;

import java.util.function.Supplier;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * The upgrade of Spring's {@code ReactorNettyRequestUpgradeStrategy}, step for step, without its
 * {@code checkpoint}: that one is described by the request's full URI plus the strategy's name, a
 * string built per socket and held (twice, with the checkpoint's own text) for the socket's whole
 * life, ~0.25 kB of each connection (docs/architecture.md, "Memory per connection").
 */
final class SocketUpgrade implements RequestUpgradeStrategy {

  private final int maxFramePayloadLength;
  private final WebsocketServerSpec spec; // shared by every socket without a sub-protocol (all of Herald's)

  SocketUpgrade(int maxFramePayloadLength) {
    this.maxFramePayloadLength = maxFramePayloadLength;
    this.spec = WebsocketServerSpec.builder().maxFramePayloadLength(maxFramePayloadLength).build();
  }

  @Override
  public Mono<Void> upgrade(ServerWebExchange exchange, WebSocketHandler handler, String subProtocol,
                            Supplier<HandshakeInfo> handshakeInfoFactory) {
    WebsocketServerSpec spec = subProtocol == null ? this.spec
        : WebsocketServerSpec.builder().maxFramePayloadLength(maxFramePayloadLength).protocols(subProtocol).build();
    ServerHttpResponse response = exchange.getResponse();
    HttpServerResponse reactorResponse = ServerHttpResponseDecorator.getNativeResponse(response);
    HandshakeInfo handshakeInfo = handshakeInfoFactory.get();
    NettyDataBufferFactory bufferFactory = (NettyDataBufferFactory) response.bufferFactory();
    // Trigger WebFlux's pre-commit actions and commit the headers, as Spring's strategy does.
    return response.setComplete().then(Mono.defer(() -> reactorResponse.sendWebsocket((in, out) -> handler.handle(
        new ReactorNettyWebSocketSession(in, out, handshakeInfo, bufferFactory, spec.maxFramePayloadLength())), spec)));
  }
}
