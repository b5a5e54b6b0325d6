package io.herald.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.gateway.GatewayIntegrationTestBase;
import io.herald.gateway.HttpProbe;
import io.herald.web.problem.ProblemWebExceptionHandler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.server.WebHandler;
import org.springframework.web.server.handler.ExceptionHandlingWebHandler;
import org.springframework.web.server.handler.WebHandlerDecorator;

/** A failure no route renders itself still reaches the client as problem+json, from the one handler. */
class ProblemHandlingIntegrationTest extends GatewayIntegrationTestBase {

  @Autowired
  private HttpHandler httpHandler;

  @Test
  void aFailureOutsideTheRoutesIsProblemJson() {
    ResponseEntity<String> missing = HttpProbe.get(port, "/dashboard/no-such-file.js");

    assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(missing.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(missing.getBody()).contains("\"status\":404").contains("\"instance\":\"/dashboard/no-such-file.js\"")
        .doesNotContain("timestamp").doesNotContain("requestId"); // Boot's error format
  }

  @Test
  void theProblemHandlerIsTheOnlyExceptionHandler() {
    List<Class<?>> handlers = new ArrayList<>();
    WebHandler handler = (WebHandler) httpHandler;
    while (handler instanceof WebHandlerDecorator decorator) {
      if (decorator instanceof ExceptionHandlingWebHandler exceptions) {
        exceptions.getExceptionHandlers().stream().map(WebExceptionHandler::getClass).forEach(handlers::add);
      }
      handler = decorator.getDelegate();
    }
    assertThat(handlers).as("Spring's checkpoint step, then ours; no Boot or status handler")
        .hasSize(2).last().isEqualTo(ProblemWebExceptionHandler.class);
  }
}
