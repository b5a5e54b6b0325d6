package io.herald.gateway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.gateway.shopfeed.FeedEvent;
import io.herald.gateway.shopfeed.FeedPosition;
import io.herald.gateway.shopfeed.FeedTopic;
import org.junit.jupiter.api.Test;

class CursorTrackerTest {

  private final CursorTracker tracker = new CursorTracker(3);

  @Test
  void theStartPositionSetsTheIdsOfTopicsNotSeenYet() {
    tracker.accept(new FeedPosition(new long[] {10, 20, 30}));

    assertThat(tracker.accept(event(FeedTopic.MESSAGE, 20))).isTrue();
    assertThat(tracker.cursor().encode()).isEqualTo("1.3.10.21.30");
  }

  @Test
  void dropsEventsBelowTheNextExpectedOffsetOfTheirTopic() {
    tracker.accept(new FeedPosition(new long[] {10, 20, 30}));

    assertThat(tracker.accept(event(FeedTopic.CHECKOUT, 9))).as("before the start").isFalse();
    assertThat(tracker.accept(event(FeedTopic.CHECKOUT, 10))).isTrue();
    assertThat(tracker.accept(event(FeedTopic.CHECKOUT, 10))).as("a duplicate").isFalse();
    assertThat(tracker.accept(event(FeedTopic.CHECKOUT, 14))).as("gaps are other shops' records").isTrue();
    assertThat(tracker.accept(event(FeedTopic.CHECKOUT, 12))).as("behind the last sent").isFalse();
    assertThat(tracker.cursor().encode()).isEqualTo("1.3.15.20.30");
  }

  @Test
  void replayThenOverlappingLiveEmitsEachEventOnceInOrder() {
    // replay covered checkouts 5..7 and messages 3; live registration happened at checkouts 6, messages 3
    FeedEvent[] replay = {event(FeedTopic.CHECKOUT, 5), event(FeedTopic.MESSAGE, 3), event(FeedTopic.CHECKOUT, 7)};
    FeedEvent[] live = {event(FeedTopic.CHECKOUT, 7), event(FeedTopic.MESSAGE, 3), event(FeedTopic.CHECKOUT, 9),
        event(FeedTopic.STATS, 2)};
    tracker.accept(new FeedPosition(new long[] {5, 3, 2}));
    StringBuilder sent = new StringBuilder();
    for (FeedEvent e : replay) {
      if (tracker.accept(e)) {
        sent.append(e.topic().eventName()).append(e.offset()).append(' ');
      }
    }
    tracker.accept(new FeedPosition(new long[] {8, 4, 2})); // replay end
    for (FeedEvent e : live) {
      if (tracker.accept(e)) {
        sent.append(e.topic().eventName()).append(e.offset()).append(' ');
      }
    }

    assertThat(sent.toString().trim()).isEqualTo("checkout5 message3 checkout7 checkout9 stats2");
    assertThat(tracker.cursor().encode()).isEqualTo("1.3.10.4.3");
  }

  @Test
  void positionsNeverMoveBackwards() {
    tracker.accept(new FeedPosition(new long[] {10, 20, 30}));
    tracker.accept(new FeedPosition(new long[] {5, 25, 1}));

    assertThat(tracker.cursor().encode()).isEqualTo("1.3.10.25.30");
  }

  @Test
  void ignoresEventsOfAnotherPartition() {
    assertThat(tracker.accept(new FeedEvent(FeedTopic.CHECKOUT, 4, 100, 0, "s", "{}"))).isFalse();
  }

  static FeedEvent event(FeedTopic topic, long offset) {
    return new FeedEvent(topic, 3, offset, 1000 + offset, "shop-1", "{\"o\":" + offset + "}");
  }
}
