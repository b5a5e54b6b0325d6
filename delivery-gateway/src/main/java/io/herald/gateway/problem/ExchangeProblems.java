package io.herald.gateway.problem;

import java.util.List;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@link ProblemResponses} for handlers that work on the exchange rather than a functional route
 * (the WebSocket handshake), so a refused handshake looks like every other refusal.
 */
public final class ExchangeProblems {

  private final ServerCodecConfigurer codecs;
  private final ServerResponse.Context context;

  public ExchangeProblems(ServerCodecConfigurer codecs) {
    this.codecs = codecs;
    this.context = new ServerResponse.Context() {
      @Override
      public List<HttpMessageWriter<?>> messageWriters() {
        return codecs.getWriters();
      }

      @Override
      public List<ViewResolver> viewResolvers() {
        return List.of();
      }
    };
  }

  /** Writes the problem response; errors {@link ProblemResponses#handles} does not know pass through. */
  public Mono<Void> write(ServerWebExchange exchange, Throwable error) {
    return ProblemResponses.render(error, ServerRequest.create(exchange, codecs.getReaders()))
        .flatMap(response -> response.writeTo(exchange, context));
  }
}
