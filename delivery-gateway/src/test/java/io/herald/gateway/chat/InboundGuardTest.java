package io.herald.gateway.chat;

import io.herald.web.ratelimit.TokenBucket;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.gateway.chat.InboundGuard.Verdict;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InboundGuardTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void aBurstIsAllowedThenTheRateRefills() {
    TokenBucket bucket = new TokenBucket(10, 3, now::get);
    assertThat(bucket.tryTake()).isTrue();
    assertThat(bucket.tryTake()).isTrue();
    assertThat(bucket.tryTake()).isTrue();
    assertThat(bucket.tryTake()).as("burst spent").isFalse();
    now.addAndGet(99_000_000L);
    assertThat(bucket.tryTake()).as("0.99 token").isFalse();
    now.addAndGet(1_000_000L);
    assertThat(bucket.tryTake()).as("one token after 100 ms at 10/s").isTrue();
    now.addAndGet(10_000_000_000L);
    assertThat(bucket.tryTake()).isTrue();
    assertThat(bucket.tryTake()).isTrue();
    assertThat(bucket.tryTake()).isTrue();
    assertThat(bucket.tryTake()).as("never more than the capacity").isFalse();
  }

  @Test
  void refusesOverTheRateAndClosesAfterStrikesInARow() {
    InboundGuard guard = new InboundGuard(new TokenBucket(1, 1, now::get), 3);
    assertThat(guard.check()).isEqualTo(Verdict.ACCEPT);
    assertThat(guard.check()).isEqualTo(Verdict.REFUSE);
    assertThat(guard.check()).isEqualTo(Verdict.REFUSE);
    now.addAndGet(1_000_000_000L);
    assertThat(guard.check()).as("an accepted frame clears the strikes").isEqualTo(Verdict.ACCEPT);
    assertThat(guard.check()).isEqualTo(Verdict.REFUSE);
    assertThat(guard.check()).isEqualTo(Verdict.REFUSE);
    assertThat(guard.check()).isEqualTo(Verdict.CLOSE);
  }
}
