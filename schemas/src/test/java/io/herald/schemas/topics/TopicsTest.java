package io.herald.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void namesAreUniqueAndEveryTopicHasADlq() {
    List<NewTopic> plan = TopicProvisioner.plan(12, (short) 1);
    assertThat(plan).hasSize(Topics.ALL.size() * 2);
    assertThat(new HashSet<>(plan.stream().map(NewTopic::name).toList())).hasSize(plan.size());
    assertThat(plan).extracting(NewTopic::name).contains("checkouts", "checkouts.dlq", "inbox", "presence-state");
  }

  @Test
  void derivedStateTopicsAreCompacted() {
    assertThat(Topics.DELIVERY_STATE.newTopic(3, (short) 1).configs()).containsEntry("cleanup.policy", "compact");
    assertThat(Topics.PRESENCE_STATE.newTopic(3, (short) 1).configs()).containsEntry("cleanup.policy", "compact");
    assertThat(Topics.CHECKOUTS.newTopic(3, (short) 1).configs()).containsEntry("cleanup.policy", "delete");
  }

  @Test
  void lookupByName() {
    assertThat(Topics.byName("shop-stats")).isSameAs(Topics.SHOP_STATS);
  }
}
