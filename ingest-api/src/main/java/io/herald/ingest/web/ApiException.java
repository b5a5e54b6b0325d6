package io.herald.ingest.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** An answer other than success that the client can act on; rendered as problem+json. */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final transient HttpHeaders headers;
  /** Extra problem+json members the client can act on without parsing {@code detail} (e.g. {@code shopId}). */
  private final transient Map<String, Object> properties;

  public ApiException(HttpStatus status, String detail) {
    this(status, detail, HttpHeaders.EMPTY, Map.of());
  }

  private ApiException(HttpStatus status, String detail, HttpHeaders headers, Map<String, Object> properties) {
    super(detail, null, false, false);
    this.status = status;
    this.headers = headers;
    this.properties = Map.copyOf(properties);
  }

  /** This answer with one more problem+json member. */
  public ApiException with(String property, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(properties);
    more.put(property, value);
    return new ApiException(status, getMessage(), headers, more);
  }

  public static ApiException unauthorized(String detail) {
    return new ApiException(HttpStatus.UNAUTHORIZED, detail);
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(HttpStatus.FORBIDDEN, detail);
  }

  public static ApiException conflict(String detail) {
    return new ApiException(HttpStatus.CONFLICT, detail);
  }

  public static ApiException unprocessable(String detail) {
    return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, detail);
  }

  public static ApiException tooManyRequests(Duration retryAfter) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
    return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate limit exceeded; retry later",
        HttpHeaders.readOnlyHttpHeaders(headers), Map.of());
  }

  public static ApiException unavailable(String detail) {
    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, detail);
  }

  public HttpStatus status() {
    return status;
  }

  public HttpHeaders headers() {
    return headers;
  }

  public Map<String, Object> properties() {
    return properties;
  }
}
