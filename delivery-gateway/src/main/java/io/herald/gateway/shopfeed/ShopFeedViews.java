package io.herald.gateway.shopfeed;

import io.herald.events.CheckoutCompleted;
import io.herald.events.ShopMessage;
import io.herald.events.ShopStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * The JSON shapes of the dashboard stream's events: a stable public contract, decoupled from the
 * Avro classes (which may gain fields the dashboard should not see).
 */
public final class ShopFeedViews {

  private ShopFeedViews() {}

  public record Checkout(UUID eventId, String checkoutId, String shopId, String customerId, List<Item> items,
                         long totalMinor, String currency, String channel, Instant occurredAt, Instant receivedAt) {}

  public record Item(String sku, String name, int quantity, long unitPriceMinor) {}

  public record Message(UUID eventId, String shopId, String senderId, String kind, String body,
                        Map<String, String> attributes, Instant occurredAt) {}

  public record Stats(String shopId, Instant windowStart, Instant windowEnd, long orders,
                      Map<String, Long> revenueMinor, long itemsSold, List<TopItem> topItems) {}

  public record TopItem(String sku, String name, long quantity) {}

  /** The view of a decoded value of one of the {@link FeedTopic}s. */
  public static Object of(SpecificRecord value) {
    if (value instanceof CheckoutCompleted c) {
      return new Checkout(c.getEventId(), c.getCheckoutId(), c.getShopId(), c.getCustomerId(),
          c.getItems().stream().map(i -> new Item(i.getSku(), i.getName(), i.getQuantity(), i.getUnitPriceMinor())).toList(),
          c.getTotalMinor(), c.getCurrency(), c.getChannel(), c.getOccurredAt(), c.getReceivedAt());
    }
    if (value instanceof ShopMessage m) {
      return new Message(m.getEventId(), m.getShopId(), m.getSenderId(), m.getKind(), m.getBody(),
          new TreeMap<>(m.getAttributes()), m.getOccurredAt());
    }
    if (value instanceof ShopStats s) {
      return new Stats(s.getShopId(), s.getWindowStart(), s.getWindowEnd(), s.getOrders(),
          new TreeMap<>(s.getRevenueMinor()), s.getItemsSold(),
          s.getTopItems().stream().map(i -> new TopItem(i.getSku(), i.getName(), i.getQuantity())).toList());
    }
    throw new IllegalArgumentException("no view for " + value.getClass().getName());
  }
}
