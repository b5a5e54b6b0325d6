package io.herald.gateway.history;

import io.herald.web.problem.ProblemException;
import java.util.Optional;
import org.springframework.web.reactive.function.server.ServerRequest;

/** Query parameters of the history API; each out-of-range value is a 400 naming it. */
final class PageParams {

  private PageParams() {}

  static int limit(ServerRequest request, int fallback, int max) {
    Optional<String> raw = request.queryParam("limit").filter(s -> !s.isBlank());
    if (raw.isEmpty()) {
      return fallback;
    }
    long v = parse(raw.get(), "limit");
    if (v < 1 || v > max) {
      throw ProblemException.badRequest("Invalid limit", "limit must be from 1 to " + max + ".");
    }
    return (int) v;
  }

  /** Null for the newest page. */
  static Long before(ServerRequest request) {
    Optional<String> raw = request.queryParam("before").filter(s -> !s.isBlank());
    if (raw.isEmpty()) {
      return null;
    }
    long v = parse(raw.get(), "before");
    if (v < 1) {
      throw ProblemException.badRequest("Invalid before", "before must be a seq of 1 or more.");
    }
    return v;
  }

  private static long parse(String raw, String name) {
    try {
      return Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw ProblemException.badRequest("Invalid " + name, name + " must be a whole number.");
    }
  }
}
