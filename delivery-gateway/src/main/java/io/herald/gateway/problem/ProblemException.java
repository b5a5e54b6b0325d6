package io.herald.gateway.problem;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/**
 * A request failure with a client-facing explanation, rendered as {@code application/problem+json}.
 * The detail is shown to the client: never put a token or ticket in it.
 */
public class ProblemException extends RuntimeException {

  private final HttpStatus status;
  private final String title;
  private final Duration retryAfter;

  public ProblemException(HttpStatus status, String title, String detail, Duration retryAfter) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.retryAfter = retryAfter;
  }

  public static ProblemException badRequest(String title, String detail) {
    return new ProblemException(HttpStatus.BAD_REQUEST, title, detail, null);
  }

  public static ProblemException forbidden(String detail) {
    return new ProblemException(HttpStatus.FORBIDDEN, "Forbidden", detail, null);
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(HttpStatus.NOT_FOUND, "Not Found", detail, null);
  }

  /** 503 with a {@code Retry-After} hint: a capacity limit, not a fault. */
  public static ProblemException unavailable(String detail, Duration retryAfter) {
    return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable", detail, retryAfter);
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** Null when the client should not retry by itself. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
