package io.herald.gateway.sse;

import static io.herald.gateway.sse.CursorTrackerTest.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.gateway.shopfeed.FeedEvent;
import io.herald.gateway.shopfeed.FeedTopic;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class LiveBufferTest {

  private final AtomicInteger overflows = new AtomicInteger();
  private final LiveBuffer buffer = new LiveBuffer(4, overflows::incrementAndGet, ShopStreamTest.NO_HEARTBEAT);

  @Test
  void overflowMarksTheConnectionOnceAndDropsLaterEvents() {
    for (int i = 0; i < 10; i++) {
      buffer.onEvent(event(FeedTopic.CHECKOUT, i));
    }

    assertThat(buffer.hasOverflowed()).isTrue();
    assertThat(overflows).hasValue(1);
    assertThat(buffer.ended()).isTrue();
    assertThat(buffer.lastFrame().event()).isEqualTo(SseEvents.OVERFLOW);
    StepVerifier.create(buffer.items().map(i -> ((FeedEvent) i).offset()))
        .expectNext(0L, 1L, 2L, 3L) // completed already: the stream drops these and ends
        .expectComplete()
        .verify(Duration.ofSeconds(1));
  }
}
