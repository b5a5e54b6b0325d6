package io.herald.ingest.idempotency;

import io.herald.web.problem.ValidationException;
import java.util.Optional;
import org.springframework.web.reactive.function.server.ServerRequest;

/** Reads the {@code Idempotency-Key} header: 1..128 visible ASCII characters when present. */
public final class IdempotencyKey {

  public static final String HEADER = "Idempotency-Key";
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";
  static final int MAX_LENGTH = 128;

  private IdempotencyKey() {}

  public static Optional<String> from(ServerRequest request) {
    return parse(request.headers().firstHeader(HEADER));
  }

  static Optional<String> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    if (value.isEmpty() || value.length() > MAX_LENGTH || !value.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      throw ValidationException.of(HEADER, "must be 1.." + MAX_LENGTH + " visible ASCII characters");
    }
    return Optional.of(value);
  }
}
