package io.herald.processors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link StreamsProcessor} at run time. A closed KafkaStreams cannot start again, so every
 * {@link #start()} builds a fresh instance (and topology); health reads whichever is current.
 */
final class ManagedKafkaStreams {

  private static final Logger log = LoggerFactory.getLogger(ManagedKafkaStreams.class);

  private final StreamsProcessor processor;
  private final Properties config;
  private final MeterRegistry meters;
  private volatile KafkaStreams streams;
  private KafkaStreamsMetrics metrics;

  ManagedKafkaStreams(StreamsProcessor processor, Properties config, MeterRegistry meters) {
    this.processor = processor;
    this.config = config;
    this.meters = meters;
  }

  StreamsProcessor processor() {
    return processor;
  }

  /** Current state, or null before the first start. */
  KafkaStreams.State state() {
    KafkaStreams current = streams;
    return current == null ? null : current.state();
  }

  Topology newTopology() {
    return processor.topology().get();
  }

  synchronized void start(Topology topology) {
    KafkaStreams created = new KafkaStreams(topology, config);
    created.setUncaughtExceptionHandler(error -> {
      // A failed thread is replaced; its tasks migrate to the new thread and resume from the last
      // commit, so (under exactly-once) nothing is lost or double-counted.
      log.error("{}: stream thread failed, replacing it", processor.name(), error);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    KafkaStreamsMetrics bound = new KafkaStreamsMetrics(created, Tags.of("processor", processor.name()));
    AtomicBoolean firstRunning = new AtomicBoolean(true);
    created.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.ERROR) {
        log.error("{}: {} -> {}", processor.name(), before, now);
      } else {
        log.info("{}: {} -> {}", processor.name(), before, now);
      }
      if (now == KafkaStreams.State.RUNNING && firstRunning.getAndSet(false)) {
        // bound once its tasks and stores exist: the binder looks for new metrics only once a minute
        bound.bindTo(meters);
      }
    });
    metrics = bound;
    streams = created;
    created.start();
  }

  /** Starts a clean shutdown without waiting, so several instances close in parallel. */
  synchronized void beginClose() {
    if (streams != null) {
      // Leave the group so the remaining instances take over at once instead of after the
      // session timeout (45 s by default).
      streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(Duration.ZERO));
    }
  }

  /** Waits for the shutdown begun by {@link #beginClose()}; true if it completed in time. */
  synchronized boolean awaitClose(Duration timeout) {
    if (streams == null) {
      return true;
    }
    boolean closed = streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(timeout));
    if (!closed) {
      log.warn("{}: not closed within {}; state {}", processor.name(), timeout, streams.state());
    }
    if (metrics != null) {
      metrics.close();
      metrics = null;
    }
    return closed;
  }
}
