package io.herald.chat.projector;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the projector has done since it started, for the host to bind to its metrics registry
 * (e.g. Micrometer {@code FunctionCounter} / {@code Gauge} on these getters). Thread-safe.
 */
public final class ProjectorCounters {

  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong unchanged = new AtomicLong();
  private final AtomicLong stale = new AtomicLong();
  private final AtomicLong ignored = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong failedBatches = new AtomicLong();
  private final AtomicLong lag = new AtomicLong();

  /** Records that changed the read model. */
  public long applied() {
    return applied.get();
  }

  /** Records already reflected in the read model (replays, redelivery). */
  public long unchanged() {
    return unchanged.get();
  }

  /** States older than the stored one, skipped. */
  public long stale() {
    return stale.get();
  }

  /** Records the read model does not need (recipients' copies of messages, empty values). */
  public long ignored() {
    return ignored.get();
  }

  /** Records sent to a dead-letter topic. */
  public long deadLettered() {
    return deadLettered.get();
  }

  /** Batches that failed (MongoDB or the DLQ unavailable) and were retried. */
  public long failedBatches() {
    return failedBatches.get();
  }

  /** Records behind the end of the assigned partitions, as of the last poll. */
  public long lag() {
    return lag.get();
  }

  void count(Outcome outcome) {
    switch (outcome) {
      case APPLIED -> applied.incrementAndGet();
      case UNCHANGED -> unchanged.incrementAndGet();
      case STALE -> stale.incrementAndGet();
      case IGNORED -> ignored.incrementAndGet();
      case REJECTED -> deadLettered.incrementAndGet();  // sent to the DLQ by the batch
    }
  }

  void countDecodeFailure() {
    deadLettered.incrementAndGet();
  }

  void countFailedBatch() {
    failedBatches.incrementAndGet();
  }

  void setLag(long records) {
    lag.set(records);
  }
}
