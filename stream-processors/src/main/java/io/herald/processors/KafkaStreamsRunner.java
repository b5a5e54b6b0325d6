package io.herald.processors;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts every registered topology when the context is ready and closes them cleanly on
 * shutdown.
 *
 * <p>Ordering: SmartLifecycle beans start in the context's finishRefresh, after every singleton
 * exists and every SmartInitializingSingleton has run, and Boot's KafkaAdmin creates the catalog's
 * topics in exactly that callback; {@link TopicsGuard} then confirms each topology's topics before
 * its KafkaStreams starts. The default phase (last to start, first to stop) means the web server
 * (and /actuator/health) is already up while the topologies start, and the topologies stop
 * before it does.
 */
public class KafkaStreamsRunner implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(KafkaStreamsRunner.class);

  private final List<ManagedKafkaStreams> instances;
  private final Map<String, Object> adminConfig;
  private final ProcessorsProperties settings;
  private final boolean autoStartup;
  private volatile boolean running;

  KafkaStreamsRunner(List<ManagedKafkaStreams> instances, Map<String, Object> adminConfig, ProcessorsProperties settings,
                     boolean autoStartup) {
    this.instances = List.copyOf(instances);
    this.adminConfig = adminConfig;
    this.settings = settings;
    this.autoStartup = autoStartup;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    try {
      for (ManagedKafkaStreams instance : instances) {
        Topology topology = instance.newTopology();
        TopicsGuard.awaitTopics(adminConfig, TopicsGuard.externalTopics(topology), settings.topicsTimeout());
        instance.start(topology);
        log.info("{}: started as application.id={} ({})", instance.processor().name(),
            instance.processor().applicationId(), instance.processor().processingGuarantee());
      }
    } catch (RuntimeException e) {
      // The context will fail to start and never call stop(): do not leave earlier topologies running.
      closeAll();
      throw e;
    }
    running = true;
  }

  @Override
  public synchronized void stop() {
    closeAll();
    running = false;
  }

  /** {@code spring.kafka.streams.auto-startup=false} keeps the topologies stopped (tools, tests). */
  @Override
  public boolean isAutoStartup() {
    return autoStartup;
  }

  private void closeAll() {
    // All instances close in parallel, so shutdown takes one close-timeout, not one per topology.
    instances.forEach(ManagedKafkaStreams::beginClose);
    long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
    for (ManagedKafkaStreams instance : instances) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      instance.awaitClose(left);
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  List<ManagedKafkaStreams> instances() {
    return instances;
  }
}
