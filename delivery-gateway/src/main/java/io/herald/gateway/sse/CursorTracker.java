package io.herald.gateway.sse;

import io.herald.gateway.shopfeed.FeedEvent;
import io.herald.gateway.shopfeed.FeedPosition;
import io.herald.gateway.shopfeed.FeedSignal;
import io.herald.gateway.shopfeed.FeedTopic;

/**
 * One connection's next-expected offset per topic: the source of its event ids and its de-dup.
 * An event below the expected offset was already sent (replay and live overlap) or lies before the
 * stream's start, so it is dropped; positions only ever move forward. Not thread-safe: used inside
 * one serial Reactor pipeline.
 */
final class CursorTracker {

  private final int partition;
  private final long[] next = new long[FeedTopic.COUNT];

  CursorTracker(int partition) {
    this.partition = partition;
  }

  /** True when {@code signal} is an event to send now (and records it as sent). */
  boolean accept(FeedSignal signal) {
    if (signal instanceof FeedPosition p) {
      for (FeedTopic t : FeedTopic.ALL) {
        next[t.ordinal()] = Math.max(next[t.ordinal()], p.next(t));
      }
      return false;
    }
    FeedEvent e = (FeedEvent) signal;
    int i = e.topic().ordinal();
    if (e.partition() != partition || e.offset() < next[i]) {
      return false;
    }
    next[i] = e.offset() + 1;
    return true;
  }

  /** The cursor after everything accepted so far: the id of the event just accepted. */
  ShopCursor cursor() {
    return new ShopCursor(partition, new FeedPosition(next));
  }
}
