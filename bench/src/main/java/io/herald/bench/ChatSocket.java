package io.herald.bench;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.URI;
import java.time.Duration;
import java.util.function.BiConsumer;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * One chat user's WebSocket as the bench drives it: frames out through a sink (one emitting thread),
 * every inbound text frame handed to {@code onFrame} with its arrival time, on the event loop.
 */
final class ChatSocket implements AutoCloseable {

  final int user;
  private final Sinks.Many<String> out = Sinks.many().unicast().onBackpressureBuffer();
  private final Sinks.One<Void> welcomed = Sinks.one();
  private volatile Disposable connection;

  private ChatSocket(int user) {
    this.user = user;
  }

  /** Opens the socket, says {@code hello} (no resume) at once and completes on {@code welcome}. */
  static Mono<ChatSocket> open(HttpClient http, URI gateway, String token, int user, BiConsumer<ChatSocket, String> onFrame,
                               Duration timeout) {
    ChatSocket s = new ChatSocket(user);
    String uri = "ws://" + gateway.getHost() + ":" + gateway.getPort() + "/v1/ws?deviceId=bench";
    s.out.tryEmitNext("{\"type\":\"hello\",\"resume\":{}}");
    s.connection = http.headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token))
        .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(65536).build())
        .uri(uri)
        .handle((in, outbound) -> Mono.firstWithSignal(
            in.receive().asString().doOnNext(text -> {
              if (text.startsWith("{\"type\":\"welcome\"")) {
                s.welcomed.tryEmitEmpty();
              }
              onFrame.accept(s, text);
            }).then(),
            outbound.sendString(s.out.asFlux()).then()))
        .subscribe(null, e -> s.welcomed.tryEmitError(e), () -> s.welcomed.tryEmitError(new IllegalStateException("closed")));
    return s.welcomed.asMono().timeout(timeout).thenReturn(s);
  }

  /** From the one sending thread only. */
  void send(String frame) {
    out.tryEmitNext(frame);
  }

  @Override
  public void close() {
    out.tryEmitComplete();
    Disposable c = connection;
    if (c != null) {
      c.dispose();
    }
  }
}
