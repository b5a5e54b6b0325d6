package io.herald.web.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

class ProblemWebExceptionHandlerTest {

  private final WebExceptionHandler other = (exchange, ex) -> Mono.error(ex);

  @Test
  void keepsOnlyTheProblemHandler() {
    ProblemWebExceptionHandler problems = new ProblemWebExceptionHandler(ServerCodecConfigurer.create(),
        new ProblemRenderer(e -> "refused", e -> false));
    List<WebExceptionHandler> handlers = new ArrayList<>(List.of(other, problems, other));

    ProblemWebExceptionHandler.keepOnlyThis(handlers);

    assertThat(handlers).containsExactly(problems);
  }

  @Test
  void refusesAListWithoutIt() {
    assertThatThrownBy(() -> ProblemWebExceptionHandler.keepOnlyThis(new ArrayList<>(List.of(other))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("problem+json");
  }
}
