package io.herald.gateway.shopfeed;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/** Where a shop lives: the same partition of each shop topic (same key, same partition count). */
public final class ShopPartitions {

  private ShopPartitions() {}

  /** The partition Kafka's default partitioner picks for this shop id key (murmur2 of the key bytes, as it computes it). */
  public static int partitionFor(String shopId, int partitions) {
    return Utils.toPositive(Utils.murmur2(shopId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
