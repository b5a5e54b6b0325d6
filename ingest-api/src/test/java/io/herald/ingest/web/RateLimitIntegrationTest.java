package io.herald.ingest.web;

import io.herald.ingest.IngestIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = {
    "herald.ingest.rate-limit.per-user-burst=2", "herald.ingest.rate-limit.per-user-per-second=0.01",
    "herald.ingest.rate-limit.anonymous-burst=4", "herald.ingest.rate-limit.anonymous-per-second=0.01"})
class RateLimitIntegrationTest extends IngestIntegrationTest {

  @Test
  void signedInCallsAreLimitedPerUser() {
    String first = newCustomer();   // 2 anonymous calls
    String second = newCustomer();  // 2 more: the anonymous burst is spent
    for (int i = 0; i < 2; i++) {
      web.get().uri("/v1/users/me").header(HttpHeaders.AUTHORIZATION, bearer(first)).exchange().expectStatus().isOk();
    }
    web.get().uri("/v1/users/me").header(HttpHeaders.AUTHORIZATION, bearer(first)).exchange()
        .expectStatus().isEqualTo(429)
        .expectHeader().exists(HttpHeaders.RETRY_AFTER)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    web.get().uri("/v1/users/me").header(HttpHeaders.AUTHORIZATION, bearer(second)).exchange().expectStatus().isOk();

    web.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("email", "x@example.com", "password", "whatever it is"))
        .exchange().expectStatus().isEqualTo(429);
  }
}
