package io.herald.ingest.shopmessages;

import java.time.Instant;
import java.util.Map;

/**
 * {@code POST /v1/shops/{shopId}/messages}: a free-form app-to-app message. The sender is the caller.
 *
 * @param kind application-defined type, e.g. {@code order.note}
 * @param occurredAt optional; defaults to the time the API received it
 */
public record ShopMessageRequest(String kind, String body, Map<String, String> attributes, Instant occurredAt) {}
