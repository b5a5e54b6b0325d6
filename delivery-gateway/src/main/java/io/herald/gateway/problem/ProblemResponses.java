package io.herald.gateway.problem;

import io.herald.web.problem.ProblemRenderer;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The gateway's problem+json ({@link ProblemRenderer}): routes attach {@link #render} with
 * {@code RouterFunctions.Builder.onError(ProblemResponses::handles, ProblemResponses::render)}, so a
 * handler only throws; failures not raised on purpose go to the default error handling (500).
 */
public final class ProblemResponses {

  /** A refused token's 401 says only that it was refused (the verifier's message may describe the token). */
  public static final ProblemRenderer RENDERER = new ProblemRenderer(
      e -> "A valid access token (Authorization: Bearer) or ticket (?ticket=) is required.", e -> false);

  private ProblemResponses() {}

  public static boolean handles(Throwable error) {
    return RENDERER.handles(error);
  }

  public static Mono<ServerResponse> render(Throwable error, ServerRequest request) {
    return RENDERER.render(error, request);
  }
}
