package io.herald.web.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;

class BoundedSinkTest {

  private final AtomicInteger overflows = new AtomicInteger();

  @Test
  void holdsItemsUntilReadThenPassesThemOnInOrder() {
    BoundedSink<Integer> sink = new BoundedSink<>(4, overflows::incrementAndGet);
    for (int i = 1; i <= 4; i++) {
      sink.offer(i);
    }

    StepVerifier.create(sink.items())
        .expectNext(1, 2, 3, 4)
        .then(() -> sink.offer(5))
        .expectNext(5)
        .then(sink::complete)
        .verifyComplete();
    assertThat(overflows).hasValue(0);
    assertThat(sink.ended()).as("completing is not an end").isFalse();
  }

  @Test
  void overflowEndsTheSinkOnceAndDropsEverythingAfter() {
    BoundedSink<Integer> sink = new BoundedSink<>(3, overflows::incrementAndGet);
    for (int i = 1; i <= 10; i++) {
      sink.offer(i);
    }

    assertThat(overflows).as("onOverflow runs once").hasValue(1);
    assertThat(sink.hasOverflowed()).isTrue();
    assertThat(sink.endReason()).isSameAs(BoundedSink.OVERFLOWED);
    StepVerifier.create(sink.items())
        .expectNext(1, 2, 3) // held ones still come; the owner decides whether to write them
        .expectComplete()
        .verify(Duration.ofSeconds(1));
  }

  @Test
  void aSlowReaderOverflowsToo() {
    BoundedSink<Integer> sink = new BoundedSink<>(2, overflows::incrementAndGet);
    List<Integer> read = new ArrayList<>();
    sink.items().subscribe(new BaseSubscriber<>() {
      @Override
      protected void hookOnSubscribe(Subscription s) {
        s.request(1); // reads one, then stalls
      }

      @Override
      protected void hookOnNext(Integer item) {
        read.add(item);
      }
    });
    for (int i = 1; i <= 4; i++) {
      sink.offer(i);
    }

    assertThat(read).containsExactly(1);
    assertThat(overflows).as("2 and 3 fit, 4 does not").hasValue(1);
  }

  @Test
  void aReaderThatKeepsUpNeverOverflows() {
    BoundedSink<Integer> sink = new BoundedSink<>(4, overflows::incrementAndGet);
    StepVerifier.create(sink.items().take(1_000))
        .then(() -> {
          for (int i = 0; i < 1_000; i++) {
            sink.offer(i);
          }
        })
        .expectNextCount(1_000)
        .verifyComplete();
    assertThat(overflows).hasValue(0);
  }

  @Test
  void anItemThatMayBeSkippedIsQueuedOnlyWhenNothingWaitsAndNeverOverflows() {
    BoundedSink<Integer> sink = new BoundedSink<>(2, overflows::incrementAndGet);
    sink.offerIfIdle(0); // nothing waits: queued
    sink.offer(1);
    sink.offerIfIdle(-1); // full now, and something waits: skipped

    assertThat(overflows).hasValue(0);
    assertThat(sink.hasOverflowed()).isFalse();
    StepVerifier.create(sink.items())
        .expectNext(0, 1)
        .then(() -> sink.offerIfIdle(2)) // read: idle again
        .expectNext(2)
        .thenCancel()
        .verify();
  }

  @Test
  void theFirstEndWinsAndCompletesAnIdleReaderAtOnce() {
    BoundedSink<Integer> sink = new BoundedSink<>(4, overflows::incrementAndGet);
    StepVerifier.create(sink.items())
        .expectSubscription()
        .then(() -> {
          assertThat(sink.end("revoked")).isTrue();
          assertThat(sink.end("expired")).isFalse();
        })
        .verifyComplete();
    assertThat(sink.endReason()).isEqualTo("revoked");
    sink.offer(1);
    sink.offerIfIdle(2);
    assertThat(overflows).as("an ended sink takes nothing, and that is no overflow").hasValue(0);
  }

  @Test
  void producersOnManyThreadsLoseNothingThatFits() throws InterruptedException {
    BoundedSink<Integer> sink = new BoundedSink<>(40_000, overflows::incrementAndGet);
    List<Integer> read = new ArrayList<>();
    sink.items().subscribe(read::add);
    CountDownLatch done = new CountDownLatch(4);
    for (int t = 0; t < 4; t++) {
      int base = t * 10_000;
      Thread producer = new Thread(() -> {
        for (int i = 0; i < 10_000; i++) {
          sink.offer(base + i);
          if (i % 100 == 0) {
            sink.offerIfIdle(-1);
          }
        }
        done.countDown();
      });
      producer.start();
    }
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(overflows).hasValue(0);
    assertThat(read.stream().filter(i -> i >= 0)).hasSize(40_000).doesNotHaveDuplicates();
  }
}
