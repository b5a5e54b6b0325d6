package io.herald.ingest.web;

import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
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

  private final ServerResponse.Context context;

  ProblemWebExceptionHandler(ServerCodecConfigurer codecs) {
    List<HttpMessageWriter<?>> writers = codecs.getWriters();
    this.context = new ServerResponse.Context() {
      @Override
      public List<HttpMessageWriter<?>> messageWriters() {
        return writers;
      }

      @Override
      public List<ViewResolver> viewResolvers() {
        return List.of();
      }
    };
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
    if (exchange.getResponse().isCommitted()) {
      return Mono.error(ex);
    }
    Problem problem = Problems.of(ex);
    ProblemDetail pd = problem.detail();
    pd.setInstance(URI.create(exchange.getRequest().getPath().value()));
    if (pd.getStatus() >= 500) {
      log.warn("{} {} failed with {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), pd.getStatus(), ex);
    }
    boolean requestHadBody = exchange.getRequest().getHeaders().getContentLength() > 0
        || exchange.getRequest().getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING);
    return ServerResponse.status(pd.getStatus())
        .headers(h -> {
          h.addAll(problem.headers());
          // A request refused before its body was read (401, 403, 413, 429 …) leaves unread bytes
          // on a keep-alive connection, and the next request on it can stall: close it instead.
          // A refused credential (401) closes too: seen in tests, a request right after a 401 on the
          // same keep-alive connection could stall (not root-caused); legitimate clients rarely get one.
          if (requestHadBody || pd.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
            h.set(HttpHeaders.CONNECTION, "close");
          }
        })
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyValue(pd)
        .flatMap(response -> response.writeTo(exchange, context));
  }
}
