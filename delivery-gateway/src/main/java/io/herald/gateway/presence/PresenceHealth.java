package io.herald.gateway.presence;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** DOWN until the presence table has read the topic up to where it was at start, and if its reader stops. */
final class PresenceHealth implements HealthIndicator {

  private final PresenceFeed feed;
  private final PresencePublisher publisher;
  private final PresenceTable table;

  PresenceHealth(PresenceFeed feed, PresencePublisher publisher, PresenceTable table) {
    this.feed = feed;
    this.publisher = publisher;
    this.table = table;
  }

  @Override
  public Health health() {
    return (feed.isLoaded() ? Health.up() : Health.down())
        .withDetail("presence-state", feed.isLoaded() ? "loaded" : "loading")
        .withDetail("gatewayId", publisher.gatewayId())
        .withDetail("sessions", publisher.heldSessions())
        .withDetail("trackedUsers", table.size())
        .build();
  }
}
