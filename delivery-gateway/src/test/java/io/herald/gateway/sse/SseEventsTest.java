package io.herald.gateway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.gateway.auth.CredentialEnd;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.codec.ServerSentEventHttpMessageWriter;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import reactor.core.publisher.Flux;

class SseEventsTest {

  /** What Spring's SSE writer puts on the wire for {@code event}. */
  private static String springWrites(ServerSentEvent<String> event) {
    MockServerHttpResponse response = new MockServerHttpResponse();
    new ServerSentEventHttpMessageWriter().write(Flux.just(event), ResolvableType.forClassWithGenerics(ServerSentEvent.class, String.class),
            ResolvableType.forClass(String.class), MediaType.TEXT_EVENT_STREAM, MockServerHttpRequest.get("/").build(), response, Map.of())
        .block(Duration.ofSeconds(5));
    return response.getBodyAsString().block(Duration.ofSeconds(5));
  }

  @Test
  void everyFrameIsWrittenAsSpringsWriterWritesIt() {
    List<ServerSentEvent<String>> frames = List.of(
        SseEvents.connected(Duration.ofSeconds(3)),
        SseEvents.heartbeat(),
        SseEvents.heartbeat(), // the cached frame is not shared mutable state
        SseEvents.overflow(),
        SseEvents.credentialEnded(new CredentialEnd(CredentialEnd.Kind.EXPIRED, "token-expired")),
        ServerSentEvent.builder("{\"shopId\":\"s1\",\"total\":\"12.50 €\"}").id("1.0.5.7.9").event("checkout").build(),
        ServerSentEvent.builder("line one\nline two\r\nline three\rend").id("1.0.1").event("x").build(),
        ServerSentEvent.<String>builder().comment("two\nlines").build());
    for (ServerSentEvent<String> frame : frames) {
      assertThat(new String(SseEvents.encode(frame), StandardCharsets.UTF_8)).as(frame.toString()).isEqualTo(springWrites(frame));
    }
    byte[] first = SseEvents.encode(SseEvents.heartbeat());
    first[0] = 'x';
    assertThat(new String(SseEvents.encode(SseEvents.heartbeat()), StandardCharsets.UTF_8)).isEqualTo(": heartbeat\n\n");
  }
}
