package io.herald.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class ConnectionBufferTest {

  private final AtomicInteger overflows = new AtomicInteger();

  @Test
  void holdsItemsUntilTheConnectionReadsThemInOrder() {
    ConnectionBuffer buffer = new ConnectionBuffer(4, overflows::incrementAndGet);
    buffer.offer(message(1));
    buffer.offer(message(2));

    StepVerifier.create(buffer.items())
        .expectNext(message(1), message(2))
        .then(() -> buffer.offer(message(3)))
        .expectNext(message(3))
        .thenCancel()
        .verify();
    assertThat(overflows).hasValue(0);
  }

  @Test
  void anItemThatMayBeSkippedIsQueuedOnlyWhenNothingWaitsAndNeverOverflows() {
    ConnectionBuffer buffer = new ConnectionBuffer(2, overflows::incrementAndGet);
    buffer.offerIfIdle(LiveItem.Release.SETTLE_PASS); // nothing waits: queued
    buffer.offer(message(1));
    buffer.offerIfIdle(LiveItem.Release.SETTLE_PASS); // full now, and something waits: skipped

    assertThat(overflows).hasValue(0);
    assertThat(buffer.hasOverflowed()).isFalse();
    StepVerifier.create(buffer.items().take(2))
        .expectNext(LiveItem.Release.SETTLE_PASS, message(1))
        .verifyComplete();
  }

  @Test
  void overflowingDisconnectsOnceAndDropsEverythingAfter() {
    ConnectionBuffer buffer = new ConnectionBuffer(3, overflows::incrementAndGet);
    for (int i = 1; i <= 10; i++) {
      buffer.offer(message(i));
    }
    assertThat(overflows).as("the close runs once").hasValue(1);
    assertThat(buffer.hasOverflowed()).isTrue();
    StepVerifier.create(buffer.items().take(3)).expectNext(message(1), message(2), message(3)).verifyComplete();
  }

  @Test
  void aSlowReaderOverflowsToo() {
    ConnectionBuffer buffer = new ConnectionBuffer(2, overflows::incrementAndGet);
    List<LiveItem> read = new ArrayList<>();
    buffer.items().subscribe(new BaseSubscriber<>() {
      @Override
      protected void hookOnSubscribe(Subscription s) {
        s.request(1); // reads one, then stalls
      }

      @Override
      protected void hookOnNext(LiveItem item) {
        read.add(item);
      }
    });
    for (int i = 1; i <= 4; i++) {
      buffer.offer(message(i));
    }
    assertThat(read).containsExactly(message(1));
    assertThat(overflows).as("2 and 3 fit, 4 does not").hasValue(1);
  }

  @Test
  void receiptsCoalesceToTheNewestSnapshotPerConversation() {
    ConnectionBuffer buffer = new ConnectionBuffer(8, overflows::incrementAndGet);
    buffer.offerReceipt("c1", "r1");
    buffer.offerReceipt("c1", "r2");
    buffer.offerReceipt("c2", "x1");
    buffer.offerReceipt("c1", "r3");

    StepVerifier.create(buffer.items())
        .expectNext(new LiveItem.ReceiptDue("c1"), new LiveItem.ReceiptDue("c2"))
        .then(() -> {
          assertThat(buffer.takeReceipt("c1")).isEqualTo("r3");
          assertThat(buffer.takeReceipt("c1")).isNull();
          buffer.offerReceipt("c1", "r4"); // taken: a newer one queues a marker again
        })
        .expectNext(new LiveItem.ReceiptDue("c1"))
        .thenCancel()
        .verify();
    assertThat(buffer.takeReceipt("c1")).isEqualTo("r4");
  }

  private static LiveItem.Message message(long seq) {
    return new LiveItem.Message("c", seq, "{\"seq\":" + seq + "}");
  }
}
