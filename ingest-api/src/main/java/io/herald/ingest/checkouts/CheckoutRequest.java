package io.herald.ingest.checkouts;

import java.time.Instant;
import java.util.List;

/**
 * {@code POST /v1/shops/{shopId}/checkouts}. Amounts are in minor units of {@code currency}. There
 * is no customer field: the customer is the caller.
 *
 * @param occurredAt optional; defaults to the time the API received it
 * @param channel optional; defaults to {@code app}
 */
public record CheckoutRequest(String checkoutId, List<Item> items, Long totalMinor, String currency, Instant occurredAt,
                              String channel) {

  public record Item(String sku, String name, Integer quantity, Long unitPriceMinor) {}
}
