package io.herald.web.problem;

import java.util.List;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes {@link ProblemRenderer} responses straight to an exchange, for code that works on the exchange
 * rather than a functional route (a {@code WebExceptionHandler}, the WebSocket handshake), so such a
 * refusal looks like every other.
 */
public final class ExchangeProblems {

  private final ServerCodecConfigurer codecs;
  private final ProblemRenderer renderer;
  private final ServerResponse.Context context;

  public ExchangeProblems(ServerCodecConfigurer codecs, ProblemRenderer renderer) {
    this.codecs = codecs;
    this.renderer = renderer;
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

  /** Writes the problem response; errors {@link ProblemRenderer#handles} does not know pass through. */
  public Mono<Void> write(ServerWebExchange exchange, Throwable error) {
    return renderer.render(error, ServerRequest.create(exchange, codecs.getReaders()))
        .flatMap(response -> write(exchange, response));
  }

  /** Writes a response built by {@link ProblemRenderer#response}. */
  public Mono<Void> write(ServerWebExchange exchange, ServerResponse response) {
    return response.writeTo(exchange, context);
  }
}
