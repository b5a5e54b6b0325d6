package io.herald.ingest.checkouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.herald.ingest.TestLimits;
import io.herald.web.problem.FieldError;
import io.herald.web.problem.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckoutValidatorTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private final CheckoutValidator validator = new CheckoutValidator(TestLimits.defaults());

  private static CheckoutRequest valid() {
    return new CheckoutRequest("c-1", List.of(
        new CheckoutRequest.Item("sku-1", "Tea", 2, 350L),
        new CheckoutRequest.Item("sku-2", "Cake", 1, 500L)), 1200L, "EUR", null, null);
  }

  private List<String> fieldsOf(CheckoutRequest r) {
    ValidationException e = catchThrowableOfType(ValidationException.class, () -> validator.validate(r, NOW));
    assertThat(e).as("expected a validation failure").isNotNull();
    return e.errors().stream().map(FieldError::field).toList();
  }

  @Test
  void acceptsAValidCheckout() {
    assertThatCode(() -> validator.validate(valid(), NOW)).doesNotThrowAnyException();
  }

  @Test
  void totalMustEqualTheSumOfItems() {
    CheckoutRequest r = valid();
    assertThat(fieldsOf(new CheckoutRequest(r.checkoutId(), r.items(), 1199L, "EUR", null, null))).containsExactly("totalMinor");
  }

  @Test
  void itemsAreRequiredAndBounded() {
    assertThat(fieldsOf(new CheckoutRequest("c", List.of(), 0L, "EUR", null, null))).containsExactly("items");
    List<CheckoutRequest.Item> many = new ArrayList<>(Collections.nCopies(101, new CheckoutRequest.Item("s", "n", 1, 1L)));
    assertThat(fieldsOf(new CheckoutRequest("c", many, 101L, "EUR", null, null))).containsExactly("items");
  }

  @Test
  void quantityAndPriceAreBounded() {
    CheckoutRequest r = new CheckoutRequest("c", List.of(
        new CheckoutRequest.Item("s", "n", 0, 1L),
        new CheckoutRequest.Item("s", "n", 10_001, 1L),
        new CheckoutRequest.Item("s", "n", 1, -1L),
        new CheckoutRequest.Item("s", "n", null, null)), 0L, "EUR", null, null);
    assertThat(fieldsOf(r)).containsExactlyInAnyOrder("items[0].quantity", "items[1].quantity",
        "items[2].unitPriceMinor", "items[3].quantity", "items[3].unitPriceMinor");
  }

  @Test
  void overflowingAmountsAreRejectedNotWrapped() {
    CheckoutRequest r = new CheckoutRequest("c", List.of(
        new CheckoutRequest.Item("s", "n", 10_000, Long.MAX_VALUE / 2)), 0L, "EUR", null, null);
    assertThat(fieldsOf(r)).containsExactly("items[0].unitPriceMinor");
  }

  @Test
  void currencyMustBeAnIsoCode() {
    CheckoutRequest r = valid();
    assertThat(fieldsOf(new CheckoutRequest("c", r.items(), 1200L, "eur", null, null))).containsExactly("currency");
    assertThat(fieldsOf(new CheckoutRequest("c", r.items(), 1200L, "ZZZ", null, null))).containsExactly("currency");
    assertThat(fieldsOf(new CheckoutRequest("c", r.items(), 1200L, null, null, null))).containsExactly("currency");
  }

  @Test
  void occurredAtMayNotBeTooFarInTheFutureOrPast() {
    CheckoutRequest r = valid();
    assertThatCode(() -> validator.validate(new CheckoutRequest("c", r.items(), 1200L, "EUR", NOW.plus(Duration.ofMinutes(5)), null), NOW))
        .doesNotThrowAnyException();
    assertThat(fieldsOf(new CheckoutRequest("c", r.items(), 1200L, "EUR", NOW.plus(Duration.ofMinutes(6)), null)))
        .containsExactly("occurredAt");
    assertThat(fieldsOf(new CheckoutRequest("c", r.items(), 1200L, "EUR", NOW.minus(Duration.ofDays(31)), null)))
        .containsExactly("occurredAt");
  }

  @Test
  void stringsAreBoundedAndFreeOfControlCharacters() {
    CheckoutRequest r = new CheckoutRequest("x".repeat(129), List.of(
        new CheckoutRequest.Item("", "n".repeat(201), 1, 1L),
        new CheckoutRequest.Item("s\u0000", "n", 1, 1L)), 2L, "EUR", null, "Web App");
    assertThat(fieldsOf(r)).containsExactlyInAnyOrder("checkoutId", "items[0].sku", "items[0].name", "items[1].sku", "channel");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThat(fieldsOf(new CheckoutRequest(null, null, null, null, null, null)))
        .containsExactlyInAnyOrder("checkoutId", "items", "totalMinor", "currency");
  }
}
