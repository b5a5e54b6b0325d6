package io.herald.processors;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.processors.presence.PresenceLimits;
import io.herald.processors.presence.PresenceTopology;
import io.herald.processors.shopstats.ShopStatsTopology;
import io.herald.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TopicsGuardTest {

  @Test
  void checksSourcesTheirDeadLetterTopicsAndSinksButNotInternalTopics() {
    assertThat(TopicsGuard.externalTopics(ShopStatsTopology.build(Duration.ofSeconds(10), 100, Clock.systemUTC())))
        .containsExactlyInAnyOrder(Topics.CHECKOUTS.name(), Topics.CHECKOUTS.dlq(), Topics.SHOP_STATS.name());
  }

  @Test
  void checksTheSourceOfAGlobalStoreToo() {
    assertThat(TopicsGuard.externalTopics(PresenceTopology.build(PresenceLimits.DEFAULTS)))
        .containsExactlyInAnyOrder(Topics.PRESENCE.name(), Topics.PRESENCE.dlq(), Topics.PRESENCE_STATE.name(),
            Topics.GATEWAY_LIVENESS.name());
  }
}
