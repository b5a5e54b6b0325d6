package io.herald.gateway.eventloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * On a real Reactor Netty server: work handed to {@link EventLoops} runs on the connection's own loop
 * (a WebSocket keeps the connection of its handshake request, whose loop the chat handshake takes).
 */
class EventLoopsTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void anHttpRequestsWorkRunsOnItsConnectionsLoop() {
    HttpHandler handler = (request, response) -> {
      Scheduler loop = EventLoops.of(request);
      String handlerThread = Thread.currentThread().getName();
      return Mono.fromCallable(() -> Thread.currentThread().getName()).subscribeOn(loop)
          .flatMap(ran -> response.writeWith(Mono.just(response.bufferFactory()
              .wrap((loop != Schedulers.parallel() && ran.equals(handlerThread) ? "loop" : "elsewhere:" + ran).getBytes()))));
    };
    DisposableServer server = HttpServer.create().host("127.0.0.1").port(0).handle(new ReactorHttpHandlerAdapter(handler))
        .bindNow();
    try {
      String answer = HttpClient.create().get().uri("http://127.0.0.1:" + server.port() + "/")
          .responseContent().aggregate().asString().block(WAIT);
      assertThat(answer).isEqualTo("loop");
    } finally {
      server.disposeNow();
    }
  }

  @Test
  void withoutNettyUnderneathItIsParallel() {
    assertThat(EventLoops.of(MockServerHttpRequest.get("/").build())).isSameAs(Schedulers.parallel());
  }
}
