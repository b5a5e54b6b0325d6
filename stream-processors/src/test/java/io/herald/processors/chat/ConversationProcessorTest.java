package io.herald.processors.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ConversationProcessorTest {

  @Test
  void exactlyOnceWithoutTheProducersDefaultLingerAndBackOffWithItsOwnCommitIntervalAndThreads() {
    var defaults = new ConversationProperties(true, "herald-conversations", Duration.ofHours(24), Duration.ZERO,
        Duration.ofSeconds(1), 4);
    assertThat(ConversationProcessor.overrides(defaults))
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
        .containsEntry("producer.linger.ms", 0)
        .containsEntry("producer.retry.backoff.ms", 5)
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000L)
        .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 4);

    var tuned = new ConversationProperties(true, "herald-conversations", Duration.ofHours(24), Duration.ofMillis(2),
        Duration.ofMillis(20), 3);
    assertThat(ConversationProcessor.overrides(tuned))
        .containsEntry("producer.linger.ms", 2)
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 20L)
        .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 3);
  }
}
