package io.herald.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

class LongLivedRequestsTest {

  private final ObservationPredicate predicate = new LongLivedRequests().heraldLongLivedRequestsNotObserved();

  private boolean observed(MockServerHttpRequest request) {
    return predicate.test("http.server.requests",
        new ServerRequestObservationContext(request, new MockServerHttpResponse(), java.util.Map.of()));
  }

  @Test
  void streamsAndSocketsAreNotObservedAsRequests() {
    assertThat(observed(MockServerHttpRequest.get("/v1/shops/s1/stream").build())).isFalse();
    assertThat(observed(MockServerHttpRequest.get("/v1/shops/s1/stream?ticket=t").build())).isFalse();
    assertThat(observed(MockServerHttpRequest.get("/v1/ws?deviceId=d").build())).isFalse();
  }

  @Test
  void everythingElseIs() {
    assertThat(observed(MockServerHttpRequest.get("/v1/conversations").build())).isTrue();
    assertThat(observed(MockServerHttpRequest.get("/v1/shops/s1/streams").build())).isTrue();
    assertThat(observed(MockServerHttpRequest.post("/v1/ws").build())).isTrue();
    assertThat(observed(MockServerHttpRequest.get("/actuator/health").build())).isTrue();
    assertThat(predicate.test("chat.send", new Observation.Context())).isTrue();
  }
}
