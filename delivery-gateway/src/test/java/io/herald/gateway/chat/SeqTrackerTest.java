package io.herald.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeqTrackerTest {

  @Test
  void advancesOnlyForwardPerConversation() {
    SeqTracker t = new SeqTracker(10);
    assertThat(t.last("a")).isEmpty();
    assertThat(t.startAt("a", 5)).isEqualTo(5);
    assertThat(t.startAt("a", 2)).as("already tracked: unchanged").isEqualTo(5);
    assertThat(t.advance("a", 5)).isFalse();
    assertThat(t.advance("a", 4)).isFalse();
    assertThat(t.advance("a", 6)).isTrue();
    assertThat(t.advance("b", 1)).isTrue();
    assertThat(t.last("a")).hasValue(6);
    assertThat(t.last("b")).hasValue(1);
    assertThat(t.startAt("c", -3)).isZero();
  }

  @Test
  void forgetsTheLeastRecentlyUsedBeyondItsCapacity() {
    SeqTracker t = new SeqTracker(2);
    t.startAt("a", 1);
    t.startAt("b", 1);
    t.last("a"); // a is now more recent than b
    t.startAt("c", 1);
    assertThat(t.size()).isEqualTo(2);
    assertThat(t.last("b")).isEmpty();
    assertThat(t.last("a")).hasValue(1);
    assertThat(t.evictions()).isEqualTo(1);
  }
}
