package io.herald.processors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Consumer lag of every topology as the broker sees it: for its consumer group (the
 * {@code application.id}), the records between each committed offset and the partition's last
 * stable offset, summed; gauge {@code herald.processors.lag{processor}}. Measured from outside the
 * topology (an Admin client on its own thread, every {@link #INTERVAL}), so it keeps growing when
 * a topology is stuck or dead, which its consumers' own {@code records-lag-max} cannot show.
 */
final class GroupLag implements SmartLifecycle {

  static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Logger log = LoggerFactory.getLogger(GroupLag.class);

  private final Map<String, String> groupsByProcessor;
  private final Map<String, Object> adminConfig;
  private final Map<String, AtomicLong> lags = new LinkedHashMap<>();
  private ScheduledExecutorService timer;
  private Admin admin;

  /** @param groupsByProcessor consumer group (application id) by topology name */
  GroupLag(Map<String, String> groupsByProcessor, Map<String, Object> adminConfig, MeterRegistry meters) {
    this.groupsByProcessor = Map.copyOf(groupsByProcessor);
    this.adminConfig = Map.copyOf(adminConfig);
    groupsByProcessor.keySet().forEach(name -> {
      AtomicLong lag = new AtomicLong(-1);
      lags.put(name, lag);
      Gauge.builder("herald.processors.lag", lag, AtomicLong::get).tag("processor", name)
          .description("records the topology's consumer group has not committed yet (-1: not yet known)").register(meters);
    });
  }

  /** Measures every group once (blocking; on the timer's thread, or a test's). */
  void refresh() {
    groupsByProcessor.forEach((name, group) -> {
      try {
        lags.get(name).set(lagOf(group));
      } catch (Exception e) {
        log.debug("cannot measure the lag of {} yet: {}", group, e.toString());
      }
    });
  }

  private long lagOf(String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get(INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    Map<TopicPartition, OffsetSpec> query = new HashMap<>();
    committed.forEach((tp, offset) -> {
      if (offset != null) {
        query.put(tp, OffsetSpec.latest());
      }
    });
    if (query.isEmpty()) {
      return 0; // nothing committed yet: nothing consumed yet either
    }
    var ends = admin().listOffsets(query, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
        .get(INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    long total = 0;
    for (var e : ends.entrySet()) {
      total += Math.max(0, e.getValue().offset() - committed.get(e.getKey()).offset());
    }
    return total;
  }

  private synchronized Admin admin() {
    if (admin == null) {
      Map<String, Object> config = new HashMap<>(adminConfig);
      config.put("client.id", "herald-processors-lag");
      admin = Admin.create(config);
    }
    return admin;
  }

  List<String> processors() {
    return List.copyOf(groupsByProcessor.keySet());
  }

  @Override
  public synchronized void start() {
    if (timer == null && !groupsByProcessor.isEmpty()) {
      timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "herald-processors-lag");
        t.setDaemon(true);
        return t;
      });
      timer.scheduleWithFixedDelay(this::refresh, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      timer = null;
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
      admin = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return timer != null;
  }
}
