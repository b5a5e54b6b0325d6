package io.herald.gateway.sse;

import io.herald.web.problem.ProblemException;
import java.util.Optional;
import org.springframework.web.reactive.function.server.ServerRequest;

/** Where a new stream begins. */
sealed interface StreamStart {

  String LAST_EVENT_ID_HEADER = "Last-Event-ID";
  String LAST_EVENT_ID_PARAM = "lastEventId";
  String LAST_MINUTES_PARAM = "lastMinutes";

  /** Only what happens from now on. */
  record Live() implements StreamStart {}

  /** Everything after the client's last event. */
  record Resume(ShopCursor cursor) implements StreamStart {}

  /** The last N minutes, then live. */
  record Recent(int minutes) implements StreamStart {}

  /**
   * The {@code Last-Event-ID} header wins over the {@code lastEventId} query parameter, which wins
   * over {@code lastMinutes}: a browser's EventSource keeps its URL (with the parameters the page
   * opened it with) and adds the header, holding the newest id, when it reconnects by itself.
   *
   * @throws ProblemException 400 for a malformed cursor or minutes outside 1..maxMinutes
   */
  static StreamStart from(ServerRequest request, int maxMinutes) {
    Optional<String> id = nonBlank(request.headers().firstHeader(LAST_EVENT_ID_HEADER))
        .or(() -> nonBlank(request.queryParam(LAST_EVENT_ID_PARAM).orElse(null)));
    if (id.isPresent()) {
      return new Resume(ShopCursor.parse(id.get()));
    }
    Optional<String> minutes = nonBlank(request.queryParam(LAST_MINUTES_PARAM).orElse(null));
    if (minutes.isEmpty()) {
      return new Live();
    }
    try {
      int m = Integer.parseInt(minutes.get().trim());
      if (m >= 1 && m <= maxMinutes) {
        return new Recent(m);
      }
    } catch (NumberFormatException e) {
      // falls through to 400
    }
    throw ProblemException.badRequest("Invalid lastMinutes", "lastMinutes must be a whole number from 1 to " + maxMinutes + ".");
  }

  private static Optional<String> nonBlank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
  }
}
