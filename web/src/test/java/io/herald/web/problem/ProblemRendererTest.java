package io.herald.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.auth.InvalidTokenException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

class ProblemRendererTest {

  private final ProblemRenderer renderer = new ProblemRenderer(e -> "refused", e -> e instanceof IllegalMonitorStateException);

  @Test
  void aProblemExceptionKeepsItsStatusTitleDetailMembersAndRetryAfter() {
    Problem p = renderer.problem(ProblemException.badRequest("Invalid limit", "limit must be from 1 to 50.").with("max", 50));
    assertThat(p.detail().getStatus()).isEqualTo(400);
    assertThat(p.detail().getTitle()).isEqualTo("Invalid limit");
    assertThat(p.detail().getDetail()).isEqualTo("limit must be from 1 to 50.");
    assertThat(p.detail().getProperties()).containsEntry("max", 50);

    Problem busy = renderer.problem(ProblemException.unavailable("busy", Duration.ofMillis(1500)));
    assertThat(busy.detail().getTitle()).isEqualTo("Service Unavailable");
    assertThat(busy.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
  }

  @Test
  void validationListsEveryField() {
    ProblemDetail pd = renderer.problem(new ValidationException(List.of(new FieldError("a", "x"), new FieldError("b", "y")))).detail();
    assertThat(pd.getStatus()).isEqualTo(400);
    assertThat(pd.getDetail()).isEqualTo("request is invalid");
    assertThat(pd.getProperties()).containsEntry("errors", List.of(new FieldError("a", "x"), new FieldError("b", "y")));
  }

  @Test
  void aRefusedTokenIs401WithTheServicesWordsAndAChallenge() {
    Problem p = renderer.problem(new InvalidTokenException("signature of alice's token"));
    assertThat(p.detail().getStatus()).isEqualTo(401);
    assertThat(p.detail().getDetail()).isEqualTo("refused");
    assertThat(p.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo(InvalidTokenException.CHALLENGE);
  }

  @Test
  void unavailableDependenciesAre503AndTheRestA500WithoutInternals() {
    assertThat(renderer.problem(new IllegalMonitorStateException("pool")).detail().getStatus()).isEqualTo(503);
    ProblemDetail pd = renderer.problem(new IllegalStateException("secret internal detail")).detail();
    assertThat(pd.getStatus()).isEqualTo(500);
    assertThat(pd.getDetail()).doesNotContain("secret");
    assertThat(renderer.handles(new IllegalStateException("x"))).isFalse();
    assertThat(renderer.handles(ProblemException.notFound("x"))).isTrue();
  }
}
