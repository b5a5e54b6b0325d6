package io.herald.ingest.web;

import com.mongodb.MongoException;
import io.herald.auth.InvalidTokenException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.common.KafkaException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.core.JacksonException;

/**
 * Maps any failure to the problem+json a client sees. Internals (stack traces, driver messages)
 * never leak: unexpected failures are a bare 500, unavailable dependencies a 503.
 */
public final class Problems {

  /** When a client should retry after a broker or database outage answered 503 (as the gateway's history says). */
  static final java.time.Duration BACKING_SERVICE_RETRY_AFTER = java.time.Duration.ofSeconds(5);

  private Problems() {}

  public static Problem of(Throwable error) {
    Throwable e = unwrap(error);
    if (e instanceof ValidationException v) {
      ProblemDetail pd = detail(HttpStatus.BAD_REQUEST, "request is invalid");
      pd.setProperty("errors", v.errors());
      return new Problem(pd, HttpHeaders.EMPTY);
    }
    if (e instanceof ApiException a) {
      ProblemDetail pd = detail(a.status(), a.getMessage());
      a.properties().forEach(pd::setProperty);
      return new Problem(pd, a.headers());
    }
    if (e instanceof InvalidTokenException) {
      HttpHeaders h = new HttpHeaders();
      h.set(HttpHeaders.WWW_AUTHENTICATE, InvalidTokenException.CHALLENGE);
      ProblemDetail pd = detail(HttpStatus.UNAUTHORIZED, "missing or invalid access token: " + e.getMessage());
      pd.setType(java.net.URI.create(InvalidTokenException.PROBLEM_TYPE));
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
    if (e instanceof MongoException || e instanceof KafkaException || e instanceof RejectedExecutionException
        || e instanceof java.util.concurrent.TimeoutException) {
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
      pd = detail(HttpStatus.BAD_REQUEST, "request is invalid");
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

  /** Reactor wraps checked exceptions it rethrows; answer for the original. */
  private static Throwable unwrap(Throwable e) {
    return reactor.core.Exceptions.unwrap(e);
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
