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
  private final LiveBuffer buffer = new LiveBuffer(4, overflows::incrementAndGet);

  @Test
  void holdsUpToItsCapacityUntilRead() {
    for (int i = 0; i < 4; i++) {
      buffer.onEvent(event(FeedTopic.CHECKOUT, i));
    }

    assertThat(buffer.hasOverflowed()).isFalse();
    StepVerifier.create(buffer.events().map(FeedEvent::offset))
        .expectNext(0L, 1L, 2L, 3L)
        .then(buffer::onClose)
        .verifyComplete();
  }

  @Test
  void overflowMarksTheConnectionOnceAndDropsLaterEvents() {
    for (int i = 0; i < 10; i++) {
      buffer.onEvent(event(FeedTopic.CHECKOUT, i));
    }

    assertThat(buffer.hasOverflowed()).isTrue();
    assertThat(overflows).hasValue(1);
    StepVerifier.create(buffer.overflowed()).expectComplete().verify(Duration.ofSeconds(1));
    StepVerifier.create(buffer.events().map(FeedEvent::offset))
        .expectNext(0L, 1L, 2L, 3L)
        .then(buffer::onClose)
        .verifyComplete();
  }

  @Test
  void aReaderThatKeepsUpNeverOverflows() {
    StepVerifier.create(buffer.events().map(FeedEvent::offset).take(100))
        .then(() -> {
          for (int i = 0; i < 100; i++) {
            buffer.onEvent(event(FeedTopic.CHECKOUT, i));
          }
        })
        .expectNextCount(100)
        .verifyComplete();
    assertThat(overflows).hasValue(0);
  }
}
