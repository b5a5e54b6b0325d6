package io.herald.gateway.shopfeed;

/** What a connection receives from Kafka, in order: events, and positions it has reached. */
public sealed interface FeedSignal permits FeedEvent, FeedPosition {}
