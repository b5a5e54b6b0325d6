package io.herald.processors.shopstats;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the shop figures processor ({@code herald.processors.shop-stats.*}).
 *
 * @param enabled run this topology in this service
 * @param applicationId Kafka Streams application.id: consumer group, state folder and internal
 *     topic prefix; changing it starts from scratch
 * @param processingGuarantee exactly_once_v2 by default: an at-least-once replay after a crash
 *     would count a checkout twice, and double-counted revenue is simply wrong; the transaction
 *     costs one commit per 100 ms, which these figures can afford
 * @param grace how long after a window ends late checkouts (offline phones replaying their queue)
 *     still update it, as a corrected figure of that minute; it is also how long window state is
 *     kept (≈ one stored window per shop and minute with sales)
 * @param maxSkus distinct SKUs tracked per shop and window (the top 5 come from these)
 */
@ConfigurationProperties("herald.processors.shop-stats")
public record ShopStatsProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("herald-shop-stats") String applicationId,
    @DefaultValue("exactly_once_v2") String processingGuarantee,
    @DefaultValue("24h") Duration grace,
    @DefaultValue("100") int maxSkus) {

  public ShopStatsProperties {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("herald.processors.shop-stats.grace must not be negative");
    }
    if (maxSkus < ShopStatsTopology.TOP_ITEMS) {
      throw new IllegalArgumentException("herald.processors.shop-stats.max-skus must be at least "
          + ShopStatsTopology.TOP_ITEMS + ", was " + maxSkus);
    }
  }
}
