package io.herald.gateway.problem;

import io.herald.auth.InvalidTokenException;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Renders the gateway's request failures as RFC 9457 {@code application/problem+json}. Routes
 * attach {@link #render} with {@code RouterFunctions.Builder.onError}, so a handler only throws.
 */
public final class ProblemResponses {

  private ProblemResponses() {}

  /** The failures {@link #render} knows; others go to the default error handling (500). */
  public static boolean handles(Throwable error) {
    return error instanceof ProblemException || error instanceof InvalidTokenException;
  }

  public static Mono<ServerResponse> render(Throwable error, ServerRequest request) {
    if (error instanceof ProblemException p) {
      ServerResponse.BodyBuilder builder = ServerResponse.status(p.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
      if (p.retryAfter() != null) {
        builder.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, p.retryAfter().toSeconds())));
      }
      return builder.bodyValue(problem(p.status(), p.title(), p.getMessage(), request));
    }
    if (error instanceof InvalidTokenException) {
      // The verifier's message may describe the token; the client only learns that it was refused.
      ProblemDetail pd = problem(HttpStatus.UNAUTHORIZED, "Unauthorized",
          "A valid access token (Authorization: Bearer) or ticket (?ticket=) is required.", request);
      pd.setType(URI.create(InvalidTokenException.PROBLEM_TYPE));
      return ServerResponse.status(HttpStatus.UNAUTHORIZED)
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .header(HttpHeaders.WWW_AUTHENTICATE, InvalidTokenException.CHALLENGE)
          .bodyValue(pd);
    }
    return Mono.error(error);
  }

  private static ProblemDetail problem(HttpStatus status, String title, String detail, ServerRequest request) {
    ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
    pd.setTitle(title);
    pd.setInstance(URI.create(request.path())); // path only: the query may hold a ticket
    return pd;
  }
}
