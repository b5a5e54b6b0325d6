package io.herald.ingest.shopmessages;

import io.herald.ingest.web.EventTimes;
import io.herald.ingest.web.FieldErrors;
import io.herald.ingest.web.LimitSettings;
import io.herald.schemas.text.Text;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/** Bounded kind, body and attributes. */
final class ShopMessageValidator {

  private static final Pattern KIND = Pattern.compile("[A-Za-z0-9._:/-]+");

  private final LimitSettings limits;

  ShopMessageValidator(LimitSettings limits) {
    this.limits = limits;
  }

  void validate(ShopMessageRequest r, Instant now) {
    FieldErrors errors = new FieldErrors();
    if (errors.text("kind", r.kind(), limits.maxIdLength())) {
      errors.check(KIND.matcher(r.kind()).matches(), "kind", "must match [A-Za-z0-9._:/-]+");
    }
    errors.freeText("body", r.body(), (int) limits.maxMessageBody().toBytes());
    Map<String, String> attributes = r.attributes();
    if (attributes != null) {
      if (attributes.size() > limits.maxAttributes()) {
        errors.add("attributes", "at most " + limits.maxAttributes() + " entries");
      } else {
        attributes.forEach((k, v) -> {
          errors.text("attributes", k, limits.maxIdLength());
          if (v == null || v.length() > limits.maxAttributeValueLength() || Text.hasControlCharacter(v)) {
            errors.add("attributes." + k, "must be a string of at most " + limits.maxAttributeValueLength()
                + " characters without control characters");
          }
        });
      }
    }
    EventTimes.check(errors, "occurredAt", r.occurredAt(), now, limits);
    errors.throwIfAny();
  }
}
