package io.herald.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/** A verified request's {@code Authorization} header leaves the server's own request (a real Reactor Netty server). */
class AuthorizationHeaderForgottenTest {

  @Test
  void theHeaderIsGoneFromTheServersRequestAndItsDecoratorsOtherHeadersStay() {
    HttpHandler handler = (request, response) -> {
      ServerHttpRequestDecorator firewalled = new ServerHttpRequestDecorator(request); // as the firewall wraps it
      boolean before = firewalled.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
      HeraldWebSecurity.forgetAuthorizationHeader(firewalled);
      boolean after = request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
      boolean other = "kept".equals(request.getHeaders().getFirst("X-Other"));
      response.setStatusCode(before && !after && other ? HttpStatus.NO_CONTENT : HttpStatus.CONFLICT);
      return response.setComplete();
    };
    DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
        .handle(new ReactorHttpHandlerAdapter(handler)).bindNow();
    try {
      Integer status = HttpClient.create()
          .headers(h -> h.set(HttpHeaders.AUTHORIZATION, "Bearer a.b.c").set("X-Other", "kept"))
          .get().uri("http://127.0.0.1:" + server.port() + "/v1/things")
          .response().map(r -> r.status().code()).block(Duration.ofSeconds(10));
      assertThat(status).isEqualTo(204);
    } finally {
      server.disposeNow();
    }
  }

  @Test
  void aRequestWithoutAServerBehindItIsLeftAlone() {
    MockServerHttpRequest request = MockServerHttpRequest.get("/v1/things").header(HttpHeaders.AUTHORIZATION, "Bearer x").build();
    HeraldWebSecurity.forgetAuthorizationHeader(new ServerHttpRequestDecorator(request));
    assertThat(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer x");
  }
}
