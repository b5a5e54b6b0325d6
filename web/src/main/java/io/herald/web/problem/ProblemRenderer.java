package io.herald.web.problem;

import io.herald.auth.InvalidTokenException;
import java.net.URI;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;

/**
 * Maps a failure to the RFC 9457 {@code application/problem+json} a client sees. Internals (stack
 * traces, driver messages) never leak: unexpected failures are a bare 500, unavailable dependencies
 * (as the service names them) a 503. The one problem+json stack of every Herald HTTP service.
 */
public final class ProblemRenderer {

  static final String INVALID_REQUEST = "request is invalid";

  private final Function<InvalidTokenException, String> tokenDetail;
  /** When a client should retry after a broker or database outage answered 503. */
  public static final java.time.Duration BACKING_SERVICE_RETRY_AFTER = java.time.Duration.ofSeconds(5);

  private final Predicate<Throwable> unavailable;

  /**
   * @param tokenDetail what a 401 says about a refused token (the verifier's message may describe it)
   * @param unavailable which failures mean a backing service is unavailable (503)
   */
  public ProblemRenderer(Function<InvalidTokenException, String> tokenDetail, Predicate<Throwable> unavailable) {
    this.tokenDetail = tokenDetail;
    this.unavailable = unavailable;
  }

  /** The failures a route's {@code onError} should render here: those raised on purpose. */
  public boolean handles(Throwable error) {
    Throwable e = reactor.core.Exceptions.unwrap(error);
    return e instanceof ProblemException || e instanceof InvalidTokenException;
  }

  /** For {@code RouterFunctions.Builder.onError}: a problem response, or the error itself when not {@link #handles}. */
  public Mono<ServerResponse> render(Throwable error, ServerRequest request) {
    return handles(error) ? response(problem(error), request.path(), h -> {}) : Mono.error(error);
  }

  /** The problem+json response, {@code instance} = the path (only: the query may hold a ticket). */
  public Mono<ServerResponse> response(Problem problem, String path, Consumer<HttpHeaders> moreHeaders) {
    ProblemDetail pd = problem.detail();
    pd.setInstance(URI.create(path));
    return ServerResponse.status(pd.getStatus())
        .headers(h -> {
          h.addAll(problem.headers());
          moreHeaders.accept(h);
        })
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyValue(pd);
  }

  /** Any failure as the problem a client sees. */
  public Problem problem(Throwable error) {
    Throwable e = reactor.core.Exceptions.unwrap(error);
    if (e instanceof ProblemException p) {
      ProblemDetail pd = detail(p.status(), p.getMessage());
      pd.setTitle(p.title());
      p.properties().forEach(pd::setProperty);
      return new Problem(pd, p.headers());
    }
    if (e instanceof InvalidTokenException t) {
      HttpHeaders h = new HttpHeaders();
      h.set(HttpHeaders.WWW_AUTHENTICATE, InvalidTokenException.CHALLENGE);
      ProblemDetail pd = detail(HttpStatus.UNAUTHORIZED, tokenDetail.apply(t));
      pd.setType(URI.create(InvalidTokenException.PROBLEM_TYPE));
      return new Problem(pd, h);
    }
    if (find(error, PayloadTooLargeException.class) != null || find(error, DataBufferLimitException.class) != null) {
      return new Problem(detail(HttpStatus.CONTENT_TOO_LARGE, "request body is too large"), HttpHeaders.EMPTY);
    }
    if (e instanceof ServerWebInputException in) {
      return badInput(in);
    }
    if (e instanceof ResponseStatusException rs) {
      HttpStatusCode status = rs.getStatusCode();
      return new Problem(detail(status, rs.getReason() != null ? rs.getReason() : reason(status)), rs.getHeaders());
    }
    if (unavailable.test(e)) {
      HttpHeaders retry = new HttpHeaders();
      retry.set(HttpHeaders.RETRY_AFTER, Long.toString(BACKING_SERVICE_RETRY_AFTER.toSeconds()));
      return new Problem(detail(HttpStatus.SERVICE_UNAVAILABLE, "a backing service is unavailable; retry later"), retry);
    }
    return new Problem(detail(HttpStatus.INTERNAL_SERVER_ERROR, "unexpected error"), HttpHeaders.EMPTY);
  }

  /** Malformed JSON or a value of the wrong type: name the JSON path when Jackson knows it. */
  private static Problem badInput(ServerWebInputException in) {
    JacksonException json = find(in, JacksonException.class);
    ProblemDetail pd;
    if (json != null && !json.getPath().isEmpty()) {
      pd = detail(HttpStatus.BAD_REQUEST, INVALID_REQUEST);
      pd.setProperty("errors", List.of(new FieldError(path(json), "has the wrong type or format")));
    } else if (json != null) {
      pd = detail(HttpStatus.BAD_REQUEST, "request body is not valid JSON");
    } else {
      pd = detail(HttpStatus.BAD_REQUEST, in.getReason() != null ? in.getReason() : "bad request");
    }
    return new Problem(pd, HttpHeaders.EMPTY);
  }

  static String path(JacksonException e) {
    StringBuilder sb = new StringBuilder();
    for (JacksonException.Reference ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static ProblemDetail detail(HttpStatusCode status, String detail) {
    ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
    pd.setTitle(reason(status));
    return pd;
  }

  private static String reason(HttpStatusCode status) {
    HttpStatus known = HttpStatus.resolve(status.value());
    return known != null ? known.getReasonPhrase() : "HTTP " + status.value();
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
