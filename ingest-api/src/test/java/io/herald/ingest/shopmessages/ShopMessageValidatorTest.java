package io.herald.ingest.shopmessages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.herald.ingest.TestLimits;
import io.herald.web.problem.FieldError;
import io.herald.web.problem.ValidationException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShopMessageValidatorTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private final ShopMessageValidator validator = new ShopMessageValidator(TestLimits.defaults());

  private List<String> fieldsOf(ShopMessageRequest r) {
    ValidationException e = catchThrowableOfType(ValidationException.class, () -> validator.validate(r, NOW));
    assertThat(e).as("expected a validation failure").isNotNull();
    return e.errors().stream().map(FieldError::field).toList();
  }

  @Test
  void acceptsMultiLineBodiesAndAttributes() {
    assertThatCode(() -> validator.validate(new ShopMessageRequest("order.note", "line 1\nline 2\tend",
        Map.of("orderId", "o-1", "empty", ""), null), NOW)).doesNotThrowAnyException();
  }

  @Test
  void bodyIsBoundedInUtf8Bytes() {
    assertThatCode(() -> validator.validate(new ShopMessageRequest("k", "a".repeat(4096), null, null), NOW))
        .doesNotThrowAnyException();
    // 2,049 characters but 4,097 bytes: too big.
    assertThat(fieldsOf(new ShopMessageRequest("k", "é".repeat(2048) + "a", null, null))).containsExactly("body");
  }

  @Test
  void kindAndAttributesAreChecked() {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("k", "v".repeat(513));
    assertThat(fieldsOf(new ShopMessageRequest("has space", "b", attributes, null))).containsExactly("kind", "attributes.k");
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < 33; i++) {
      many.put("k" + i, "v");
    }
    assertThat(fieldsOf(new ShopMessageRequest("k", "", many, null))).containsExactlyInAnyOrder("body", "attributes");
  }
}
