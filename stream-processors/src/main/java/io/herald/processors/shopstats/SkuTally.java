package io.herald.processors.shopstats;

import io.herald.events.ItemCount;
import java.util.Comparator;
import java.util.List;

/**
 * Per-window item counts, bounded to {@code maxSkus} entries so a shop with a huge catalogue
 * cannot grow one window's state (and its changelog record) without limit.
 *
 * <p>Eviction policy, "evict lowest, always admit": when an unseen SKU arrives and the table is
 * full, the entry with the smallest quantity leaves (among equals, the one admitted first, the
 * list being kept in admission order) and the newcomer enters with its own quantity. Counts are
 * therefore exact since admission and never inflated; an evicted SKU that sells again restarts
 * from that sale. We chose this over Space-Saving (newcomer inherits the evicted count) because
 * Space-Saving over-reports, and merchants read these figures as facts. The bound only matters
 * when a shop sells more than {@code maxSkus} distinct SKUs in one minute; a real best seller is
 * never the lowest entry, so the top 5 stay right. {@code orders}, {@code revenue_minor} and
 * {@code items_sold} are kept outside the table and are always exact.
 */
final class SkuTally {

  /** Best sellers first; equal quantities by SKU so the order is stable across re-emissions. */
  static final Comparator<ItemCount> BEST_FIRST =
      Comparator.comparingLong(ItemCount::getQuantity).reversed().thenComparing(ItemCount::getSku);

  private SkuTally() {}

  /** Adds {@code quantity} of a SKU to {@code table} (mutated in place, kept in admission order). */
  static void add(List<ItemCount> table, String sku, String name, long quantity, int maxSkus) {
    for (ItemCount entry : table) {
      if (entry.getSku().equals(sku)) {
        entry.setQuantity(entry.getQuantity() + quantity);
        entry.setName(name); // latest name wins: a product renamed mid-window shows its new name
        return;
      }
    }
    if (table.size() >= maxSkus) {
      table.remove(indexOfLowest(table));
    }
    table.add(new ItemCount(sku, name, quantity));
  }

  /** The {@code n} best sellers, as copies so the caller may not alter the table through them. */
  static List<ItemCount> top(List<ItemCount> table, int n) {
    return table.stream().sorted(BEST_FIRST).limit(n)
        .map(e -> new ItemCount(e.getSku(), e.getName(), e.getQuantity())).toList();
  }

  private static int indexOfLowest(List<ItemCount> table) {
    int lowest = 0;
    for (int i = 1; i < table.size(); i++) {
      if (table.get(i).getQuantity() < table.get(lowest).getQuantity()) { // strict: first admitted wins ties
        lowest = i;
      }
    }
    return lowest;
  }
}
