package io.herald.web.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GrowingBoundedQueueTest {

  @Test
  void keepsOrderAndRefusesBeyondCapacityUntilDrained() {
    GrowingBoundedQueue<Integer> q = new GrowingBoundedQueue<>(20);
    for (int i = 0; i < 20; i++) {
      assertThat(q.offer(i)).isTrue();
    }
    assertThat(q.offer(20)).isFalse();
    assertThat(q.size()).isEqualTo(20);
    assertThat(q.peek()).isZero();
    for (int i = 0; i < 20; i++) {
      assertThat(q.poll()).isEqualTo(i);
    }
    assertThat(q.poll()).isNull();
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.offer(21)).isTrue();
    q.clear();
    assertThat(q.size()).isZero();
  }
}
