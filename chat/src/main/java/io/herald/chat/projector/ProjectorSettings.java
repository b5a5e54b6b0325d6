package io.herald.chat.projector;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of {@link ChatProjector}.
 *
 * @param pollTimeout longest wait in {@code poll} (also how quickly {@code close} is noticed between batches)
 * @param maxBatch {@code max.poll.records} when the consumer config does not set it: one batch is applied, then committed
 * @param writeConcurrency conversations with a tombstone in a batch written in parallel (each one's records in order; the
 *     others' newest states go in one bulk)
 * @param batchTimeout longest wait for a batch's writes; must stay well below {@code max.poll.interval.ms}
 * @param minBackoff first pause after a failed batch (doubles up to {@code maxBackoff})
 */
public record ProjectorSettings(Duration pollTimeout, int maxBatch, int writeConcurrency, Duration batchTimeout,
                                Duration minBackoff, Duration maxBackoff) {

  public static final ProjectorSettings DEFAULTS = new ProjectorSettings(Duration.ofMillis(500), 500, 16,
      Duration.ofSeconds(60), Duration.ofMillis(200), Duration.ofSeconds(10));

  public ProjectorSettings {
    Objects.requireNonNull(pollTimeout);
    Objects.requireNonNull(batchTimeout);
    Objects.requireNonNull(minBackoff);
    Objects.requireNonNull(maxBackoff);
    if (maxBatch < 1 || writeConcurrency < 1) {
      throw new IllegalArgumentException("maxBatch and writeConcurrency must be positive");
    }
  }
}
