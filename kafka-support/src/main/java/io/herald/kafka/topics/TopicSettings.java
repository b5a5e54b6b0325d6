package io.herald.kafka.topics;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the catalog's topics are created: {@code herald.topics.partitions} (default 12) and
 * {@code herald.topics.replication-factor} (default 1, set 3 on a real cluster).
 */
@ConfigurationProperties("herald.topics")
public record TopicSettings(@DefaultValue("12") int partitions, @DefaultValue("1") short replicationFactor) {}
