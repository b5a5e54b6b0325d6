package io.herald.gateway.shopfeed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class ShopPartitionsTest {

  /** The producer's own (internal) choice is the reference; production code computes it with public Utils. */
  @Test
  void picksThePartitionTheProducersDefaultPartitionerPicks() {
    for (int i = 0; i < 1000; i++) {
      String shop = "shop-" + i;
      for (int partitions : new int[] {1, 3, 12, 50}) {
        assertThat(ShopPartitions.partitionFor(shop, partitions))
            .isEqualTo(BuiltInPartitioner.partitionForKey(shop.getBytes(StandardCharsets.UTF_8), partitions));
      }
    }
  }
}
