package io.herald.web.problem;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * The one exception handler of a Herald WebFlux service: every failure that reaches WebFlux's
 * exception handling — raised by a route or a filter, by the framework (404, 405, 406, 415) or
 * unexpected (a bare 500) — is answered as {@code application/problem+json} by the service's
 * {@link ProblemRenderer}. Each service also makes it the only handler ({@link #keepOnlyThis}, from a
 * {@code WebHttpHandlerBuilderCustomizer}): Boot's error handler answered in its own JSON format and
 * Spring's status handler with an empty body, and every handler in that list adds two operators that
 * a live response (an SSE stream, a chat socket) keeps for its whole life (docs/architecture.md,
 * "Memory per connection"). Ordered before Boot's (-1) should a context not apply the customizer.
 */
public final class ProblemWebExceptionHandler implements WebExceptionHandler, Ordered {

  private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);

  private final ExchangeProblems problems;
  private final ProblemRenderer renderer;

  public ProblemWebExceptionHandler(ServerCodecConfigurer codecs, ProblemRenderer renderer) {
    this.problems = new ExchangeProblems(codecs, renderer);
    this.renderer = renderer;
  }

  /**
   * For {@code WebHttpHandlerBuilder.exceptionHandlers}: leaves the {@link ProblemWebExceptionHandler}
   * as the only handler.
   *
   * @throws IllegalStateException when there is none (the service would answer errors in no format)
   */
  public static void keepOnlyThis(List<WebExceptionHandler> handlers) {
    if (handlers.stream().noneMatch(ProblemWebExceptionHandler.class::isInstance)) {
      throw new IllegalStateException("no ProblemWebExceptionHandler bean: errors would not be problem+json");
    }
    handlers.removeIf(h -> !(h instanceof ProblemWebExceptionHandler));
  }

  @Override
  public int getOrder() {
    return -2;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
    if (exchange.getResponse().isCommitted()) {
      return Mono.error(ex);
    }
    Problem problem = renderer.problem(ex);
    int status = problem.detail().getStatus();
    if (status >= 500) {
      log.warn("{} {} failed with {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), status, ex);
    }
    boolean requestHadBody = exchange.getRequest().getHeaders().getContentLength() > 0
        || exchange.getRequest().getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING);
    return renderer.response(problem, exchange.getRequest().getPath().value(), h -> {
          // A request refused before its body was read (401, 403, 413, 429 …) leaves unread bytes
          // on a keep-alive connection, and the next request on it can stall: close it instead.
          // A refused credential (401) closes too: seen in tests, a request right after a 401 on the
          // same keep-alive connection could stall (not root-caused); legitimate clients rarely get one.
          if (requestHadBody || status == HttpStatus.UNAUTHORIZED.value()) {
            h.set(HttpHeaders.CONNECTION, "close");
          }
        })
        .flatMap(response -> problems.write(exchange, response));
  }
}
