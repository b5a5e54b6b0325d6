package io.herald.schemas.topics;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the catalog: its name, key and value serdes, and how it is stored.
 *
 * @param compacted true for changelog-like topics that keep the latest value per key
 * @param retentionMs retention for non-compacted topics, -1 for forever
 */
public record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Class<V> valueType,
                              boolean compacted, long retentionMs) {

  /** Name of the dead-letter topic that receives this topic's undecodable records. */
  public String dlq() {
    return name + ".dlq";
  }

  public NewTopic newTopic(int partitions, short replication) {
    return new NewTopic(name, partitions, replication).configs(compacted
        ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                 TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "60000")
        : Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                 TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs)));
  }

  /** The DLQ keeps raw bytes for 30 days, so an operator can replay them after a fix. */
  public NewTopic newDlqTopic(int partitions, short replication) {
    return new NewTopic(dlq(), partitions, replication).configs(Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.RETENTION_MS_CONFIG, Long.toString(30L * 24 * 3600 * 1000)));
  }
}
