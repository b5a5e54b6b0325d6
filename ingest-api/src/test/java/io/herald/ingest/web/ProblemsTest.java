package io.herald.ingest.web;

import io.herald.web.problem.ProblemException;
import io.herald.web.problem.Problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoTimeoutException;
import io.herald.auth.InvalidTokenException;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class ProblemsTest {

  @Test
  void unavailableDependenciesAre503() {
    assertThat(Problems.of(new TimeoutException("expired after 30000 ms")).detail().getStatus()).isEqualTo(503);
    assertThat(Problems.of(new MongoTimeoutException("no server")).detail().getStatus()).isEqualTo(503);
    assertThat(Problems.of(new RejectedExecutionException("queue full")).detail().getStatus()).isEqualTo(503);
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
