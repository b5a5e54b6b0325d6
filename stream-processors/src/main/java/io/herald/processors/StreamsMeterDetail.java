package io.herald.processors;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Keeps Kafka Streams' meters at the level an operator reads: the client's and each stream thread's,
 * plus dropped records per task. Unless {@code herald.processors.per-task-metrics} is on, it denies
 * the meters Streams keeps per task, per processor node, per topic and per state store (RocksDB's
 * ~50 each): on the standalone platform ~11,000 of the processors' ~15,000 Prometheus series, growing
 * with partitions and stores, each a meter held in memory and rebound by Micrometer's Kafka binder.
 */
final class StreamsMeterDetail implements MeterFilter {

  private static final String[] PER_TASK = {"kafka.stream.state.", "kafka.stream.processor.node.",
      "kafka.stream.topic.", "kafka.stream.record.cache.", "kafka.stream.task."};
  private static final String KEPT_PER_TASK = "kafka.stream.task.dropped.records";

  @Override
  public MeterFilterReply accept(Meter.Id id) {
    String name = id.getName();
    if (!name.startsWith("kafka.stream.") || name.startsWith(KEPT_PER_TASK)) {
      return MeterFilterReply.NEUTRAL;
    }
    for (String prefix : PER_TASK) {
      if (name.startsWith(prefix)) {
        return MeterFilterReply.DENY;
      }
    }
    return MeterFilterReply.NEUTRAL;
  }
}
