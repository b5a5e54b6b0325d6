package io.herald.ingest.web;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** An answer other than success that the client can act on; rendered as problem+json. */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final transient HttpHeaders headers;

  public ApiException(HttpStatus status, String detail) {
    this(status, detail, HttpHeaders.EMPTY);
  }

  private ApiException(HttpStatus status, String detail, HttpHeaders headers) {
    super(detail, null, false, false);
    this.status = status;
    this.headers = headers;
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
    return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate limit exceeded; retry later", HttpHeaders.readOnlyHttpHeaders(headers));
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
}
