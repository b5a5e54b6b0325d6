package io.herald.gateway.shopfeed;

/**
 * One shop event, decoded and rendered to JSON once, then shared by every connection of the shop.
 *
 * @param offset the record's offset in {@code topic}'s partition {@code partition}
 * @param timestamp the record timestamp (orders replayed events across topics)
 * @param json the SSE {@code data:} payload (a single line)
 */
public record FeedEvent(FeedTopic topic, int partition, long offset, long timestamp, String shopId, String json)
    implements FeedSignal {}
