package io.herald.gateway.chat;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** DOWN until both chat readers are positioned, and if one stops: no chat socket opens then. */
final class ChatFeedsHealth implements HealthIndicator {

  private final ChatFeeds feeds;
  private final ConnectionRegistry registry;

  ChatFeedsHealth(ChatFeeds feeds, ConnectionRegistry registry) {
    this.feeds = feeds;
    this.registry = registry;
  }

  @Override
  public Health health() {
    Health.Builder h = feeds.isReady() ? Health.up() : Health.down();
    feeds.tails().forEach(t -> h.withDetail(String.join("+", t.topics()), t.isReady() ? "positioned" : "not ready"));
    return h.withDetail("connections", registry.openConnections()).withDetail("users", registry.connectedUsers()).build();
  }
}
