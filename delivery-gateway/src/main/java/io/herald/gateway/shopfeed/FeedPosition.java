package io.herald.gateway.shopfeed;

import java.util.Arrays;

/**
 * "Everything of this shop below these offsets is accounted for": sent when a connection starts
 * (where its stream begins) and when a replay ends (what the replay covered). Offsets are the
 * next offset per {@link FeedTopic}, by ordinal, in the shop's partition.
 */
public record FeedPosition(long[] next) implements FeedSignal {

  public FeedPosition {
    if (next.length != FeedTopic.COUNT) {
      throw new IllegalArgumentException("need " + FeedTopic.COUNT + " offsets");
    }
    next = next.clone();
  }

  @Override
  public long[] next() {
    return next.clone();
  }

  public long next(FeedTopic topic) {
    return next[topic.ordinal()];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeedPosition p && Arrays.equals(next, p.next);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(next);
  }

  @Override
  public String toString() {
    return "FeedPosition" + Arrays.toString(next);
  }
}
