package io.herald.web.problem;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A request failure the client can act on, rendered as {@code application/problem+json} by
 * {@link ProblemRenderer}. The detail is shown to the client: never put a token or ticket in it.
 */
public class ProblemException extends RuntimeException {

  private final HttpStatus status;
  private final String title;
  private final transient HttpHeaders headers;
  /** Extra problem+json members the client can act on without parsing {@code detail} (e.g. {@code shopId}). */
  private final transient Map<String, Object> properties;

  public ProblemException(HttpStatus status, String detail) {
    this(status, null, detail, HttpHeaders.EMPTY, Map.of());
  }

  protected ProblemException(HttpStatus status, String title, String detail, HttpHeaders headers,
                             Map<String, Object> properties) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title != null ? title : status.getReasonPhrase();
    this.headers = headers;
    this.properties = Map.copyOf(properties);
  }

  /** This answer with one more problem+json member. */
  public ProblemException with(String property, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(properties);
    more.put(property, value);
    return new ProblemException(status, title, getMessage(), headers, more);
  }

  /** 400 with its own title (e.g. "Invalid limit"). */
  public static ProblemException badRequest(String title, String detail) {
    return new ProblemException(HttpStatus.BAD_REQUEST, title, detail, HttpHeaders.EMPTY, Map.of());
  }

  public static ProblemException unauthorized(String detail) {
    return new ProblemException(HttpStatus.UNAUTHORIZED, detail);
  }

  public static ProblemException forbidden(String detail) {
    return new ProblemException(HttpStatus.FORBIDDEN, detail);
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(HttpStatus.NOT_FOUND, detail);
  }

  public static ProblemException conflict(String detail) {
    return new ProblemException(HttpStatus.CONFLICT, detail);
  }

  public static ProblemException unprocessable(String detail) {
    return new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, detail);
  }

  /** 429 with a {@code Retry-After} of the wait, in whole seconds rounded up. */
  public static ProblemException tooManyRequests(Duration retryAfter) {
    return new ProblemException(HttpStatus.TOO_MANY_REQUESTS, null, "rate limit exceeded; retry later",
        retryAfter(retryAfter), Map.of());
  }

  public static ProblemException unavailable(String detail) {
    return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, detail);
  }

  /** 503 with a {@code Retry-After} hint: a capacity limit, not a fault. */
  public static ProblemException unavailable(String detail, Duration retryAfter) {
    return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, null, detail, retryAfter(retryAfter), Map.of());
  }

  private static HttpHeaders retryAfter(Duration wait) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
    return HttpHeaders.readOnlyHttpHeaders(headers);
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }

  public HttpHeaders headers() {
    return headers;
  }

  public Map<String, Object> properties() {
    return properties;
  }
}
