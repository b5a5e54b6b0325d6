package io.herald.ingest.checkouts;

import io.herald.events.CheckoutCompleted;
import io.herald.events.LineItem;
import java.time.Instant;
import java.util.UUID;

/** Maps an accepted request to its Avro event. */
final class CheckoutEvents {

  private CheckoutEvents() {}

  static CheckoutCompleted toEvent(UUID eventId, String shopId, String customerId, CheckoutRequest r, Instant now) {
    return CheckoutCompleted.newBuilder()
        .setEventId(eventId)
        .setOccurredAt(r.occurredAt() != null ? r.occurredAt() : now)
        .setShopId(shopId)
        .setCheckoutId(r.checkoutId())
        .setCustomerId(customerId)
        .setItems(r.items().stream()
            .map(i -> new LineItem(i.sku(), i.name(), i.quantity(), i.unitPriceMinor()))
            .toList())
        .setTotalMinor(r.totalMinor())
        .setCurrency(r.currency())
        .setReceivedAt(now)
        .setChannel(r.channel() != null ? r.channel() : "app")
        .build();
  }
}
