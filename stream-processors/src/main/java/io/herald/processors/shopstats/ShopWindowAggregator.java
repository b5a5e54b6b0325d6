package io.herald.processors.shopstats;

import io.herald.events.CheckoutCompleted;
import io.herald.events.LineItem;
import io.herald.events.ShopStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.UUID;
import org.apache.kafka.streams.kstream.Aggregator;
import org.apache.kafka.streams.kstream.Initializer;

/**
 * Folds checkouts into one shop's figures for one window.
 *
 * <p>The state is a {@link ShopStats} whose {@code top_items} holds the whole bounded SKU table
 * ({@link SkuTally}, up to {@code maxSkus} entries) instead of the top 5. Reusing the contract type
 * means no second schema to version: the state serde is the catalog's, which already reads every
 * past ShopStats version, so a contract change (fields added with defaults) cannot strand the
 * window stores. The price is a few fields that mean nothing in the store ({@code event_id},
 * {@code occurred_at}, {@code window_start/end} hold placeholders); {@link ShopStatsTopology} sets
 * them, and cuts the table to the top 5, on the way out.
 */
final class ShopWindowAggregator implements Initializer<ShopStats>, Aggregator<String, CheckoutCompleted, ShopStats> {

  /** Placeholder id of state records; emitted records always carry a fresh one. */
  static final UUID STATE_ID = new UUID(0L, 0L);

  private final int maxSkus;

  ShopWindowAggregator(int maxSkus) {
    if (maxSkus < 1) {
      throw new IllegalArgumentException("maxSkus must be at least 1, was " + maxSkus);
    }
    this.maxSkus = maxSkus;
  }

  @Override
  public ShopStats apply() {
    return ShopStats.newBuilder()
        .setEventId(STATE_ID)
        .setOccurredAt(Instant.EPOCH)
        .setShopId("")
        .setWindowStart(Instant.EPOCH)
        .setWindowEnd(Instant.EPOCH)
        .setOrders(0)
        .setRevenueMinor(new HashMap<>())
        .setItemsSold(0)
        .setTopItems(new ArrayList<>())
        .build();
  }

  @Override
  public ShopStats apply(String shopId, CheckoutCompleted checkout, ShopStats figures) {
    // Mutating in place is safe: the window store and the record cache hold serialized bytes.
    figures.setShopId(shopId);
    figures.setOrders(figures.getOrders() + 1);
    figures.getRevenueMinor().merge(checkout.getCurrency(), checkout.getTotalMinor(), Long::sum);
    long sold = figures.getItemsSold();
    for (LineItem item : checkout.getItems()) {
      sold += item.getQuantity();
      SkuTally.add(figures.getTopItems(), item.getSku(), item.getName(), item.getQuantity(), maxSkus);
    }
    figures.setItemsSold(sold);
    return figures;
  }
}
