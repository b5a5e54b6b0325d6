package io.herald.examples.analytics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Units sold per product of one shop-day, in at most {@code capacity} counters (the Space-Saving
 * algorithm, Metwally et al. 2005), so a shop with a long tail of products costs a fixed amount of memory.
 *
 * <p>Overflow policy: when the table is full, a product not in it replaces the counter with the fewest
 * units (ties: the greatest sku) and starts from that count, remembering it as {@code overcount}. So
 * {@code quantity} is an upper bound and {@code quantity - overcount} a lower bound of what the product
 * sold, exact while the day has at most {@code capacity} products, and every product that sold more than
 * (units of the day) / capacity is in the table. Deterministic, so a replay after a crash rebuilds the same table.
 */
final class ProductCounters {

  /** Best first: quantity descending, then sku. */
  static final Comparator<ProductCount> RANK =
      Comparator.comparingLong(ProductCount::getQuantity).reversed().thenComparing(ProductCount::getSku);

  private final int capacity;
  private final Map<String, ProductCount> bySku = new HashMap<>();

  ProductCounters(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("product counters must be at least 1, not " + capacity);
    }
    this.capacity = capacity;
  }

  /** Counters restored from a published {@link ShopDay}; if the capacity shrank, the best ones are kept. */
  static ProductCounters of(int capacity, List<ProductCount> ranked) {
    ProductCounters counters = new ProductCounters(capacity);
    ranked.stream().sorted(RANK).limit(capacity).forEach(p -> counters.bySku.put(p.getSku(),
        new ProductCount(p.getSku(), p.getName(), p.getQuantity(), p.getOvercount())));
    return counters;
  }

  void add(String sku, String name, long units) {
    ProductCount counter = bySku.get(sku);
    if (counter == null) {
      long inherited = 0;
      if (bySku.size() >= capacity) {
        ProductCount smallest = bySku.values().stream().min(RANK.reversed()).orElseThrow();
        bySku.remove(smallest.getSku());
        inherited = smallest.getQuantity();
      }
      counter = new ProductCount(sku, name, inherited, inherited);
      bySku.put(sku, counter);
    }
    counter.setName(name);
    counter.setQuantity(counter.getQuantity() + units);
  }

  /** Copies of the counters, best first. */
  List<ProductCount> ranked() {
    List<ProductCount> out = new ArrayList<>(bySku.size());
    bySku.values().forEach(p -> out.add(new ProductCount(p.getSku(), p.getName(), p.getQuantity(), p.getOvercount())));
    out.sort(RANK);
    return out;
  }
}
