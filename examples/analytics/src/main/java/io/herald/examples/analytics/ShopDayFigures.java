package io.herald.examples.analytics;

import io.herald.events.CheckoutCompleted;
import io.herald.events.LineItem;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * The running figures of one shop for one UTC day: orders and revenue per currency (never added across
 * currencies), bounded product counters, and the key it is published under.
 */
final class ShopDayFigures {

  private final String shopId;
  private final LocalDate day;
  private final Map<String, CurrencyFigures> currencies = new HashMap<>();
  private final ProductCounters products;
  private long checkouts;
  private Instant updatedAt = Instant.EPOCH;

  ShopDayFigures(String shopId, LocalDate day, int productCounters) {
    this(shopId, day, new ProductCounters(productCounters));
  }

  private ShopDayFigures(String shopId, LocalDate day, ProductCounters products) {
    this.shopId = shopId;
    this.day = day;
    this.products = products;
  }

  /** The day a checkout counts in: the UTC date of {@code occurred_at} clamped to {@code received_at}
   * (a sale cannot happen after the server received it; the same rule as the platform's shop figures). */
  static LocalDate dayOf(CheckoutCompleted checkout) {
    Instant at = checkout.getOccurredAt();
    if (checkout.getReceivedAt() != null && checkout.getReceivedAt().isBefore(at)) {
      at = checkout.getReceivedAt();
    }
    return LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  /** Record key on the output topic: {@code <yyyy-MM-dd>/<shop_id>} (fixed-width day first, so any shop id parses). */
  static String key(LocalDate day, String shopId) {
    return day + "/" + shopId;
  }

  String key() {
    return key(day, shopId);
  }

  LocalDate day() {
    return day;
  }

  /** Adds a checkout; throws {@link ArithmeticException}, changing nothing, if the revenue would overflow. */
  void add(CheckoutCompleted checkout) {
    CurrencyFigures before = currencies.get(checkout.getCurrency());
    long revenue = Math.addExact(before == null ? 0 : before.getRevenueMinor(), checkout.getTotalMinor());
    CurrencyFigures figures = currencies.computeIfAbsent(checkout.getCurrency(), c -> new CurrencyFigures(0L, 0L));
    figures.setOrders(figures.getOrders() + 1);
    figures.setRevenueMinor(revenue);
    for (LineItem item : checkout.getItems()) {
      products.add(item.getSku(), item.getName(), item.getQuantity());
    }
    checkouts++;
    if (checkout.getReceivedAt() != null && checkout.getReceivedAt().isAfter(updatedAt)) {
      updatedAt = checkout.getReceivedAt();
    }
  }

  ShopDay toRecord() {
    Map<String, CurrencyFigures> copy = new HashMap<>();
    currencies.forEach((currency, f) -> copy.put(currency, new CurrencyFigures(f.getOrders(), f.getRevenueMinor())));
    return new ShopDay(shopId, day, copy, products.ranked(), checkouts, updatedAt);
  }

  static ShopDayFigures fromRecord(ShopDay published, int productCounters) {
    ShopDayFigures figures = new ShopDayFigures(published.getShopId(), published.getDay(),
        ProductCounters.of(productCounters, published.getProducts()));
    published.getCurrencies().forEach((currency, f) ->
        figures.currencies.put(currency, new CurrencyFigures(f.getOrders(), f.getRevenueMinor())));
    figures.checkouts = published.getCheckouts();
    figures.updatedAt = published.getUpdatedAt();
    return figures;
  }
}
