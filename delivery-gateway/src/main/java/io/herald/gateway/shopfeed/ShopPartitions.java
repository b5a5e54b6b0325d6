package io.herald.gateway.shopfeed;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

/** Where a shop lives: the same partition of each shop topic (same key, same partition count). */
public final class ShopPartitions {

  private ShopPartitions() {}

  /** The partition Kafka's default partitioner picks for this shop id key. */
  public static int partitionFor(String shopId, int partitions) {
    return BuiltInPartitioner.partitionForKey(shopId.getBytes(StandardCharsets.UTF_8), partitions);
  }
}
