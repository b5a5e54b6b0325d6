package io.herald.ingest.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.web.problem.ValidationException;
import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {

  @Test
  void absentIsEmptyAndVisibleAsciiUpTo128IsAccepted() {
    assertThat(IdempotencyKey.parse(null)).isEmpty();
    assertThat(IdempotencyKey.parse("a")).contains("a");
    assertThat(IdempotencyKey.parse("k".repeat(128))).isPresent();
    assertThat(IdempotencyKey.parse("8e0f-4c1b_~!")).isPresent();
  }

  @Test
  void rejectsEmptyTooLongAndInvisibleCharacters() {
    for (String bad : new String[] {"", "k".repeat(129), "has space", "tab\t", "é"}) {
      assertThatThrownBy(() -> IdempotencyKey.parse(bad)).as(bad).isInstanceOf(ValidationException.class);
    }
  }
}
