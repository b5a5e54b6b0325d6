package io.herald.web.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  @Test
  void aFullBucketAllowsTheBurstThenSaysHowLongToWait() {
    AtomicLong nanos = new AtomicLong();
    TokenBucket bucket = new TokenBucket(4, 2, nanos::get);
    assertThat(bucket.tryTake()).isTrue();
    assertThat(bucket.tryTake()).isTrue();
    assertThat(bucket.acquire()).isEqualTo(Duration.ofMillis(250));
    nanos.addAndGet(Duration.ofMillis(250).toNanos());
    assertThat(bucket.tryTake()).isTrue();
    nanos.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(bucket.tryTake()).isTrue();
    assertThat(bucket.tryTake()).as("never more than the burst saved up").isTrue();
    assertThat(bucket.tryTake()).isFalse();
  }
}
