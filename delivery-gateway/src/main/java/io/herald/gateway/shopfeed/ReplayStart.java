package io.herald.gateway.shopfeed;

import java.time.Instant;

/** Where a replay begins in the shop's partitions. */
public sealed interface ReplayStart {

  /** Just after a client's last event: the next offset per topic, from its cursor. */
  record FromPosition(FeedPosition position) implements ReplayStart {}

  /**
   * Records stamped at or after a time: reading starts at Kafka's {@code offsetsForTimes}, and
   * records appended later but stamped earlier are skipped, so the window is exact.
   */
  record Since(Instant time) implements ReplayStart {}
}
