package io.herald.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class ConnectionBufferTest {

  private final AtomicInteger overflows = new AtomicInteger();

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
