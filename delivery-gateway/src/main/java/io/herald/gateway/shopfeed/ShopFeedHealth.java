package io.herald.gateway.shopfeed;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** DOWN until the live consumer is positioned, and if it stops: no stream can open then. */
final class ShopFeedHealth implements HealthIndicator {

  private final ShopFeedHub hub;

  ShopFeedHealth(ShopFeedHub hub) {
    this.hub = hub;
  }

  @Override
  public Health health() {
    return (hub.isReady() ? Health.up() : Health.down())
        .withDetail("partitions", hub.partitions())
        .withDetail("watchedShops", hub.watchedShops())
        .build();
  }
}
