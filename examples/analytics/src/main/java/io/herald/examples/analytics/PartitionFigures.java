package io.herald.examples.analytics;

import io.herald.events.CheckoutCompleted;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The open shop-days of one {@code checkouts} partition. Bounded: a day stays open while it is fewer than
 * {@code openDays} days behind the newest day counted on the partition; older days are dropped from memory
 * (their last figures stay on the output topic). Overflow policy for a checkout of a closed day: it is
 * not counted and {@link #count} throws {@link ClosedDayException}, so the caller dead-letters it —
 * kept, with the reason, never silently lost.
 */
final class PartitionFigures {

  /** A checkout whose day is no longer held. */
  static final class ClosedDayException extends RuntimeException {
    ClosedDayException(String message) {
      super(message);
    }
  }

  private final int openDays;
  private final int productCounters;
  private final Map<String, ShopDayFigures> open = new HashMap<>();
  private final Set<String> changed = new LinkedHashSet<>();
  /** Figures that changed and were closed before they were published: published once more, then gone. */
  private final List<ShopDay> closedUnpublished = new ArrayList<>();
  private LocalDate newest;

  PartitionFigures(int openDays, int productCounters) {
    if (openDays < 1) {
      throw new IllegalArgumentException("open days must be at least 1, not " + openDays);
    }
    this.openDays = openDays;
    this.productCounters = productCounters;
  }

  /**
   * Adds a checkout to its shop-day; throws {@link ClosedDayException} if that day is closed, or
   * {@link ArithmeticException} if the day's revenue would overflow a long (counting nothing in both cases).
   */
  void count(CheckoutCompleted checkout) {
    LocalDate day = ShopDayFigures.dayOf(checkout);
    if (newest != null && !day.isAfter(newest.minusDays(openDays))) {
      throw new ClosedDayException("day " + day + " of shop " + checkout.getShopId() + " is closed: figures are kept for "
          + openDays + " day(s) up to " + newest + ", the newest day on this partition");
    }
    String key = ShopDayFigures.key(day, checkout.getShopId());
    ShopDayFigures figures = open.get(key);
    if (figures == null) {
      figures = new ShopDayFigures(checkout.getShopId(), day, productCounters);
      figures.add(checkout); // first, so a checkout that cannot be added leaves no empty entry behind
      open.put(key, figures);
    } else {
      figures.add(checkout);
    }
    changed.add(key);
    advanceTo(day);
  }

  /** Takes back a published state (restoring after a start or a rebalance); days already closed are skipped. */
  void restore(ShopDay published) {
    LocalDate day = published.getDay();
    if (newest != null && !day.isAfter(newest.minusDays(openDays))) {
      return;
    }
    ShopDayFigures figures = ShopDayFigures.fromRecord(published, productCounters);
    open.put(figures.key(), figures);
    advanceTo(day);
  }

  /** The figures changed since the last call, to publish; forgets that they changed. */
  List<ShopDay> drainChanged() {
    List<ShopDay> out = new ArrayList<>(closedUnpublished);
    changed.forEach(key -> out.add(open.get(key).toRecord()));
    closedUnpublished.clear();
    changed.clear();
    return out;
  }

  int openShopDays() {
    return open.size();
  }

  private void advanceTo(LocalDate day) {
    if (newest == null || day.isAfter(newest)) {
      newest = day;
      LocalDate closedUpTo = newest.minusDays(openDays);
      open.values().removeIf(f -> {
        boolean closed = !f.day().isAfter(closedUpTo);
        if (closed && changed.remove(f.key())) {
          closedUnpublished.add(f.toRecord());
        }
        return closed;
      });
    }
  }
}
