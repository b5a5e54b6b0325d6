package io.herald.gateway.chat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** A WebSocket session in memory: the test feeds inbound frames and controls how much the "client" reads. */
final class FakeSession implements WebSocketSession {

  private static final DataBufferFactory BUFFERS = DefaultDataBufferFactory.sharedInstance;

  final Sinks.Many<WebSocketMessage> inbound = Sinks.many().unicast().onBackpressureBuffer();
  final List<WebSocketMessage> sent = new CopyOnWriteArrayList<>();
  final AtomicReference<CloseStatus> closedWith = new AtomicReference<>();
  private final long initialDemand;
  private volatile Subscription outbound;

  /** @param initialDemand frames the client reads before it stalls (Long.MAX_VALUE: keeps up) */
  FakeSession(long initialDemand) {
    this.initialDemand = initialDemand;
  }

  void clientSends(String text) {
    inbound.tryEmitNext(textMessage(text));
  }

  List<String> texts() {
    return sent.stream().filter(m -> m.getType() == WebSocketMessage.Type.TEXT).map(WebSocketMessage::getPayloadAsText)
        .toList();
  }

  @Override
  public Mono<Void> send(Publisher<WebSocketMessage> messages) {
    return Mono.create(sink -> messages.subscribe(new BaseSubscriber<WebSocketMessage>() {
      @Override
      protected void hookOnSubscribe(Subscription s) {
        outbound = s;
        s.request(initialDemand);
      }

      @Override
      protected void hookOnNext(WebSocketMessage m) {
        sent.add(m);
      }

      @Override
      protected void hookOnComplete() {
        sink.success();
      }

      @Override
      protected void hookOnError(Throwable e) {
        sink.error(e);
      }
    }));
  }

  @Override
  public Flux<WebSocketMessage> receive() {
    return inbound.asFlux();
  }

  @Override
  public Mono<Void> close(CloseStatus status) {
    return Mono.fromRunnable(() -> {
      closedWith.compareAndSet(null, status);
      inbound.tryEmitComplete();
    });
  }

  @Override
  public WebSocketMessage textMessage(String payload) {
    return new WebSocketMessage(WebSocketMessage.Type.TEXT, BUFFERS.wrap(payload.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public WebSocketMessage binaryMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
    return new WebSocketMessage(WebSocketMessage.Type.BINARY, payloadFactory.apply(BUFFERS));
  }

  @Override
  public WebSocketMessage pingMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
    return new WebSocketMessage(WebSocketMessage.Type.PING, payloadFactory.apply(BUFFERS));
  }

  @Override
  public WebSocketMessage pongMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
    return new WebSocketMessage(WebSocketMessage.Type.PONG, payloadFactory.apply(BUFFERS));
  }

  @Override
  public String getId() {
    return "fake";
  }

  @Override
  public HandshakeInfo getHandshakeInfo() {
    throw new UnsupportedOperationException();
  }

  @Override
  public DataBufferFactory bufferFactory() {
    return BUFFERS;
  }

  @Override
  public Map<String, Object> getAttributes() {
    return Map.of();
  }

  @Override
  public boolean isOpen() {
    return closedWith.get() == null;
  }

  @Override
  public Mono<CloseStatus> closeStatus() {
    return Mono.justOrEmpty(closedWith.get());
  }
}
