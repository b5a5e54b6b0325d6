package io.herald.ingest.web;

import io.herald.web.problem.ExchangeProblems;
import io.herald.web.problem.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Renders every failure, from routes and filters alike, as {@code application/problem+json}.
 * Ordered before Boot's default error handler (order -1), which would answer in its own format.
 */
@Component
@Order(-2)
final class ProblemWebExceptionHandler implements WebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);

  private final ExchangeProblems problems;

  ProblemWebExceptionHandler(ServerCodecConfigurer codecs) {
    this.problems = new ExchangeProblems(codecs, Problems.RENDERER);
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
    if (exchange.getResponse().isCommitted()) {
      return Mono.error(ex);
    }
    Problem problem = Problems.of(ex);
    int status = problem.detail().getStatus();
    if (status >= 500) {
      log.warn("{} {} failed with {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), status, ex);
    }
    boolean requestHadBody = exchange.getRequest().getHeaders().getContentLength() > 0
        || exchange.getRequest().getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING);
    return Problems.RENDERER.response(problem, exchange.getRequest().getPath().value(), h -> {
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
