package io.herald.ingest.web;

import io.herald.web.problem.ProblemException;
import io.herald.web.problem.Problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoTimeoutException;
import io.herald.auth.InvalidTokenException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class ProblemsTest {

  @Test
  void unavailableDependenciesAre503WithRetryAfter() {
    for (Exception e : List.of(new TimeoutException("expired after 30000 ms"), new MongoTimeoutException("no server"),
        new RejectedExecutionException("queue full"), new java.util.concurrent.TimeoutException("expired"))) {
      Problem p = Problems.of(e);
      assertThat(p.detail().getStatus()).isEqualTo(503);
      assertThat(p.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
    }
  }

  @Test
  void badTokensAre401WithAChallenge() {
    Problem p = Problems.of(new InvalidTokenException("expired"));
    assertThat(p.detail().getStatus()).isEqualTo(401);
    assertThat(p.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
  }

  @Test
  void unexpectedFailuresAre500WithoutInternals() {
    Problem p = Problems.of(new IllegalStateException("secret internal detail"));
    assertThat(p.detail().getStatus()).isEqualTo(500);
    assertThat(p.detail().getDetail()).doesNotContain("secret");
  }

  @Test
  void rateLimitsCarryRetryAfter() {
    Problem p = Problems.of(ProblemException.tooManyRequests(java.time.Duration.ofMillis(1500)));
    assertThat(p.detail().getStatus()).isEqualTo(429);
    assertThat(p.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
  }
}
