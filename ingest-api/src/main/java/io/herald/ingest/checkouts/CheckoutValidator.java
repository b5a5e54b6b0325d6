package io.herald.ingest.checkouts;

import io.herald.ingest.web.EventTimes;
import io.herald.ingest.web.FieldErrors;
import io.herald.ingest.web.LimitSettings;
import java.time.Instant;
import java.util.Currency;
import java.util.regex.Pattern;

/** The checkout contract: bounded sizes, sane amounts, a total that adds up, a real currency. */
final class CheckoutValidator {

  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final Pattern CHANNEL = Pattern.compile("[a-z0-9_-]{1,32}");

  private final LimitSettings limits;

  CheckoutValidator(LimitSettings limits) {
    this.limits = limits;
  }

  void validate(CheckoutRequest r, Instant now) {
    FieldErrors errors = new FieldErrors();
    errors.text("checkoutId", r.checkoutId(), limits.maxIdLength());
    Long sum = items(errors, r);
    if (r.totalMinor() == null) {
      errors.add("totalMinor", "is required");
    } else if (r.totalMinor() < 0) {
      errors.add("totalMinor", "must be >= 0");
    } else if (sum != null && sum.longValue() != r.totalMinor()) {
      errors.add("totalMinor", "must equal the sum of quantity x unitPriceMinor over items (" + sum + ")");
    }
    if (r.currency() == null || !CURRENCY.matcher(r.currency()).matches()) {
      errors.add("currency", "must be an ISO 4217 code of 3 uppercase letters");
    } else if (!isIsoCurrency(r.currency())) {
      errors.add("currency", "is not an ISO 4217 currency");
    }
    if (r.channel() != null) {
      errors.check(CHANNEL.matcher(r.channel()).matches(), "channel", "must match [a-z0-9_-]{1,32}");
    }
    EventTimes.check(errors, "occurredAt", r.occurredAt(), now, limits);
    errors.throwIfAny();
  }

  /** Validates the items; returns the exact sum of their amounts, or null when it cannot be computed. */
  private Long items(FieldErrors errors, CheckoutRequest r) {
    if (r.items() == null || r.items().isEmpty()) {
      errors.add("items", "must contain at least one item");
      return null;
    }
    if (r.items().size() > limits.maxItems()) {
      errors.add("items", "must contain at most " + limits.maxItems() + " items");
      return null;
    }
    long sum = 0;
    boolean summable = true;
    for (int i = 0; i < r.items().size(); i++) {
      CheckoutRequest.Item item = r.items().get(i);
      String at = "items[" + i + "]";
      if (item == null) {
        errors.add(at, "is required");
        summable = false;
        continue;
      }
      errors.text(at + ".sku", item.sku(), limits.maxIdLength());
      errors.text(at + ".name", item.name(), limits.maxNameLength());
      boolean quantityOk = errors.check(item.quantity() != null && item.quantity() >= 1 && item.quantity() <= limits.maxQuantity(),
          at + ".quantity", "must be 1.." + limits.maxQuantity());
      boolean priceOk = errors.check(item.unitPriceMinor() != null && item.unitPriceMinor() >= 0,
          at + ".unitPriceMinor", "is required and must be >= 0");
      if (summable && quantityOk && priceOk) {
        try {
          sum = Math.addExact(sum, Math.multiplyExact(item.quantity().longValue(), item.unitPriceMinor().longValue()));
        } catch (ArithmeticException overflow) {
          errors.add(at + ".unitPriceMinor", "makes the total overflow");
          summable = false;
        }
      } else {
        summable = false;
      }
    }
    return summable ? sum : null;
  }

  private static boolean isIsoCurrency(String code) {
    try {
      Currency.getInstance(code);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
