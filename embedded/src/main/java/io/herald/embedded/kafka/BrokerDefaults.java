package io.herald.embedded.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

/** Broker settings for a single node; callers' extra properties override them. */
final class BrokerDefaults {

  private BrokerDefaults() {}

  static Map<String, String> singleNode() {
    Map<String, String> p = new LinkedHashMap<>();
    // One replica exists, so every internal topic must accept replication 1 / min ISR 1.
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    // Internal topics are created on first use; 50 partitions each (the default) costs seconds.
    p.put("offsets.topic.num.partitions", "8");
    p.put("transaction.state.log.num.partitions", "8");
    // Consumers join at once instead of waiting 3 s for more members.
    p.put("group.initial.rebalance.delay.ms", "0");
    // Topics come from the catalog (TopicProvisioner); a typo must fail, not create a topic.
    p.put("auto.create.topics.enable", "false");
    // The default 128 MiB compaction buffer is far too much heap for an embedded node.
    p.put("log.cleaner.dedupe.buffer.size", "2097152");
    // Sized for a small machine shared with the services.
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("background.threads", "4");
    return p;
  }
}
