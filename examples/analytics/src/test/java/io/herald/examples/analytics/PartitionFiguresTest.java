package io.herald.examples.analytics;

import static io.herald.examples.analytics.Checkouts.checkout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.events.CheckoutCompleted;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionFiguresTest {

  private static final Instant DAY1 = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void ordersAndRevenuePerShopPerDayPerCurrencyNeverMixed() {
    PartitionFigures figures = new PartitionFigures(3, 10);
    figures.count(checkout("tea", DAY1, "EUR", 450, "green", 2));
    figures.count(checkout("tea", DAY1.plusSeconds(60), "GBP", 300, "green", 1));
    figures.count(checkout("tea", DAY1.plusSeconds(120), "EUR", 100, "cake", 1));
    figures.count(checkout("books", DAY1, "EUR", 1000, "novel", 1));

    Map<String, ShopDay> published = byKey(figures.drainChanged());
    ShopDay tea = published.get("2026-12-01/tea");
    assertThat(tea.getCheckouts()).isEqualTo(3);
    assertThat(tea.getCurrencies()).containsOnlyKeys("EUR", "GBP");
    assertThat(tea.getCurrencies().get("EUR")).isEqualTo(new CurrencyFigures(2L, 1000L));
    assertThat(tea.getCurrencies().get("GBP")).isEqualTo(new CurrencyFigures(1L, 300L));
    assertThat(tea.getProducts()).extracting(ProductCount::getSku, ProductCount::getQuantity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("green", 3L), org.assertj.core.groups.Tuple.tuple("cake", 1L));
    assertThat(published.get("2026-12-01/books").getCurrencies()).isEqualTo(Map.of("EUR", new CurrencyFigures(1L, 1000L)));
    assertThat(figures.drainChanged()).as("nothing changed since").isEmpty();
  }

  @Test
  void theDayIsOccurredAtClampedToReceivedAtInUtc() {
    CheckoutCompleted fastClock = checkout("tea", Instant.parse("2026-12-01T23:59:00Z"), "EUR", 1, "a", 1);
    fastClock.setOccurredAt(Instant.parse("2026-12-02T00:30:00Z")); // the phone's clock is ahead of the server's
    CheckoutCompleted replayed = checkout("tea", Instant.parse("2026-12-02T08:00:00Z"), "EUR", 1, "a", 1);
    replayed.setOccurredAt(Instant.parse("2026-12-01T22:00:00Z")); // posted late by an offline phone

    assertThat(ShopDayFigures.dayOf(fastClock)).isEqualTo(LocalDate.parse("2026-12-01"));
    assertThat(ShopDayFigures.dayOf(replayed)).isEqualTo(LocalDate.parse("2026-12-01"));
  }

  @Test
  void aCheckoutOfADayNoLongerHeldIsRefusedWithTheReason() {
    PartitionFigures figures = new PartitionFigures(2, 10);
    figures.count(checkout("tea", DAY1, "EUR", 1, "a", 1));
    figures.count(checkout("tea", DAY1.plus(java.time.Duration.ofDays(1)), "EUR", 1, "a", 1)); // 12-01 still open
    figures.count(checkout("tea", DAY1, "EUR", 1, "a", 1));
    figures.count(checkout("tea", DAY1.plus(java.time.Duration.ofDays(2)), "EUR", 1, "a", 1)); // 12-01 closes

    assertThatThrownBy(() -> figures.count(checkout("tea", DAY1, "EUR", 1, "a", 1)))
        .isInstanceOf(PartitionFigures.ClosedDayException.class).hasMessageContaining("day 2026-12-01 of shop tea is closed");
    assertThat(figures.openShopDays()).isEqualTo(2);
  }

  @Test
  void aCheckoutThatWouldOverflowTheRevenueIsRefusedAndChangesNothing() {
    PartitionFigures figures = new PartitionFigures(3, 10);
    figures.count(checkout("tea", DAY1, "EUR", 100, "a", 1));
    CheckoutCompleted huge = checkout("tea", DAY1, "EUR", 1, "a", 1);
    huge.setTotalMinor(Long.MAX_VALUE);
    CheckoutCompleted hugeElsewhere = checkout("cake", DAY1, "EUR", 1, "a", 1);
    hugeElsewhere.setTotalMinor(Long.MAX_VALUE);
    figures.count(hugeElsewhere); // fits on its own

    assertThatThrownBy(() -> figures.count(huge)).isInstanceOf(ArithmeticException.class);
    ShopDay tea = figures.drainChanged().stream().filter(d -> d.getShopId().equals("tea")).findFirst().orElseThrow();
    assertThat(tea.getCheckouts()).isEqualTo(1);
    assertThat(tea.getCurrencies().get("EUR")).isEqualTo(new CurrencyFigures(1L, 100L));
  }

  @Test
  void figuresClosedBeforeTheyWerePublishedArePublishedOnceMore() {
    PartitionFigures figures = new PartitionFigures(1, 10);
    figures.count(checkout("tea", DAY1, "EUR", 5, "a", 1));
    figures.count(checkout("tea", DAY1.plus(java.time.Duration.ofDays(1)), "EUR", 7, "a", 1)); // closes 12-01

    assertThat(figures.drainChanged()).extracting(ShopDay::getDay, d -> d.getCurrencies().get("EUR").getRevenueMinor())
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-12-01"), 5L),
            org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-12-02"), 7L));
    assertThat(figures.openShopDays()).isEqualTo(1);
  }

  @Test
  void restoredFromWhatWasPublishedItCountsOnAsIfNeverStopped() {
    PartitionFigures before = new PartitionFigures(2, 3);
    PartitionFigures restored = new PartitionFigures(2, 3);
    List<CheckoutCompleted> first = List.of(checkout("tea", DAY1, "EUR", 5, "a", 1, "b", 2),
        checkout("tea", DAY1.plus(java.time.Duration.ofDays(1)), "EUR", 7, "c", 3),
        checkout("tea", DAY1, "EUR", 5, "d", 1, "e", 4));
    first.forEach(before::count);
    before.drainChanged().forEach(restored::restore);
    List<CheckoutCompleted> then = List.of(checkout("tea", DAY1, "EUR", 5, "f", 9),
        checkout("tea", DAY1.plus(java.time.Duration.ofDays(2)), "EUR", 1, "a", 1));

    then.forEach(before::count);
    then.forEach(restored::count);

    assertThat(byKey(restored.drainChanged())).isEqualTo(byKey(before.drainChanged()));
    assertThatThrownBy(() -> restored.count(checkout("tea", DAY1, "EUR", 1, "a", 1)))
        .isInstanceOf(PartitionFigures.ClosedDayException.class);
  }

  private static Map<String, ShopDay> byKey(List<ShopDay> days) {
    Map<String, ShopDay> out = new java.util.HashMap<>();
    days.forEach(d -> out.put(ShopDayFigures.key(d.getDay(), d.getShopId()), d));
    return out;
  }
}
