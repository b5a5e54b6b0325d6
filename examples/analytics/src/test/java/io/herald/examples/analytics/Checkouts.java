package io.herald.examples.analytics;

import io.herald.events.CheckoutCompleted;
import io.herald.events.LineItem;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Checkouts for the tests: one line item per (sku, quantity) pair, priced so the total adds up. */
final class Checkouts {

  private Checkouts() {}

  static CheckoutCompleted checkout(String shop, Instant at, String currency, long unitPrice, Object... skuQuantity) {
    List<LineItem> items = new java.util.ArrayList<>();
    long total = 0;
    for (int i = 0; i < skuQuantity.length; i += 2) {
      String sku = (String) skuQuantity[i];
      int quantity = (Integer) skuQuantity[i + 1];
      items.add(new LineItem(sku, "Product " + sku, quantity, unitPrice));
      total += quantity * unitPrice;
    }
    if (items.isEmpty()) {
      throw new IllegalArgumentException("a checkout needs items: " + Arrays.toString(skuQuantity));
    }
    return CheckoutCompleted.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setShopId(shop)
        .setCheckoutId("co-" + UUID.randomUUID()).setCustomerId("customer-1").setItems(items).setTotalMinor(total)
        .setCurrency(currency).setReceivedAt(at).build();
  }
}
