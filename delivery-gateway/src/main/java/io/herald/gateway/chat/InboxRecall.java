package io.herald.gateway.chat;

import io.herald.chat.projector.ChatProjector;
import io.herald.events.Delivery;
import io.herald.gateway.kafka.KafkaClients;
import io.herald.schemas.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Deliveries the read model does not have yet, read back from the user's partition of {@code inbox}
 * while the projector is stalled there: its group's committed offset is behind the end and has not
 * moved for {@code stall} (e.g. its member was killed and the partition waits for the session
 * timeout). A socket connecting then gets them in its catch-up instead of only after the projector
 * recovers. Its settle pass also reads them back when the projector had not yet passed the point
 * where the socket registered ({@link #mark}): deliveries dispatched just before that reached nobody
 * live, and a projector that died a moment before is not known as stalled yet (the compose smoke's
 * post-kill misses). Bounded: one reader thread, at most {@code maxPending} recalls waiting (beyond: skipped,
 * counted), at most {@code maxRecords} records read per recall.
 */
final class InboxRecall implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(InboxRecall.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);
  /** Read back from this long before the stall was first seen (the watch's poll comes on top). */
  private static final Duration STALL_MARGIN = Duration.ofSeconds(1);

  private final KafkaClients clients;
  private final Map<String, Object> adminConfig;
  private final FrameWriter writer;
  private final Duration pollInterval;
  private final Duration stall;
  private final int maxRecords;
  private final int maxPending;
  private final Clock clock;
  private final AtomicInteger pending = new AtomicInteger();
  private final Counter recalled;
  private final Counter skipped;
  private final Counter failed;
  private final Counter behind;
  /** As of the last watch, per partition: the projector's committed offset (-1 none) and the end. */
  private volatile Snapshot seen = new Snapshot(new long[0], new long[0], new long[0], Long.MAX_VALUE);
  private final DispatchedOffsets dispatched;
  private long[] lastCommitted = new long[0];
  private long[] lastMove = new long[0];
  private ScheduledExecutorService thread;
  private Admin admin;
  private Consumer<byte[], byte[]> consumer;
  private volatile boolean running;

  InboxRecall(KafkaClients clients, Map<String, Object> clientConfig, FrameWriter writer, ChatProperties props,
              MeterRegistry meters, Clock clock) {
    this(clients, clientConfig, writer, props, meters, clock, null);
  }

  /** @param dispatched how far this gateway's own inbox reader has dispatched (null: a routed gateway, it reads inbox-routes) */
  InboxRecall(KafkaClients clients, Map<String, Object> clientConfig, FrameWriter writer, ChatProperties props,
              MeterRegistry meters, Clock clock, DispatchedOffsets dispatched) {
    this.dispatched = dispatched;
    this.clients = clients;
    this.adminConfig = new HashMap<>(clientConfig);
    this.adminConfig.keySet().retainAll(AdminClientConfig.configNames());
    this.writer = writer;
    this.pollInterval = props.recallPollInterval();
    this.stall = props.recallStall();
    this.maxRecords = props.recallMaxRecords();
    this.maxPending = props.recallMaxPending();
    this.clock = clock;
    this.recalled = Counter.builder("herald.gateway.chat.recalled")
        .description("deliveries a connecting socket got from inbox because the read model lagged").register(meters);
    this.skipped = Counter.builder("herald.gateway.chat.recalls").tag("outcome", "skipped")
        .description("inbox recalls not made: too many waiting").register(meters);
    this.failed = Counter.builder("herald.gateway.chat.recalls").tag("outcome", "failed").register(meters);
    this.behind = Counter.builder("herald.gateway.chat.recalls").tag("outcome", "behind-handover")
        .description("settle passes that read inbox because the projector had not passed where the socket registered")
        .register(meters);
    io.micrometer.core.instrument.Gauge.builder("herald.gateway.chat.projector.stalled.partitions", this,
            InboxRecall::stalledPartitions)
        .description("inbox partitions on which the chat projector's committed offset has not moved for recall-stall")
        .register(meters);
  }

  /** Inbox partitions the projector is stalled on, as last seen. */
  int stalledPartitions() {
    int n = 0;
    for (long at : seen.stalledFrom) {
      n += at >= 0 ? 1 : 0;
    }
    return n;
  }

  /** The projector's committed offset on {@code partition} as the last watch saw it (-1: none, or no watch yet). */
  long committedSeen(int partition) {
    Snapshot s = seen;
    return partition < s.committed.length ? s.committed[partition] : -1;
  }

  /**
   * Where this gateway's inbox reader stood on the user's partition right after a socket of the
   * user registered: every record from there on reaches the socket live; records below it were
   * looked up before it, maybe without it. The larger of that and the end the last watch saw (which
   * is all there is until the reader looks up a record there); -1 when unknown (a routed gateway, or
   * before the first watch).
   */
  long mark(String userId) {
    Snapshot s = seen;
    if (dispatched == null || s.ends.length == 0) {
      return -1;
    }
    int p = partitionOf(userId, s.ends.length);
    return Math.max(dispatched.next(p), s.ends[p]);
  }

  /**
   * The user's deliveries the read model may lack, in inbox order, read from the user's partition:
   * <ul>
   *   <li>from where the projector stalled on it;
   *   <li>from the projector's committed offset there, given the {@link #mark} of a socket's
   *       registration that it has not passed yet (deliveries dispatched just before the socket
   *       registered that the projector has not written: a settle pass must not rely on the read
   *       model for those);
   *   <li>and, while the projector is stalled on ANY partition, also from the first record written
   *       since that stall began: the read model's messages come from the sender's copy and its
   *       conversation states from {@code delivery-state}, so a stall elsewhere leaves holes in what
   *       this user reads even where the user's own partition was projected.
   * </ul>
   * Empty when none applies. {@code mark} -1: only the stall rules (a catch-up, a gap fill).
   */
  Flux<LiveItem.Message> deliveriesOf(String userId, long mark) {
    Snapshot s = seen;
    if (!running || s.stalledFrom.length == 0) {
      return Flux.empty();
    }
    // the partition Kafka's default partitioner gave the user's deliveries (inbox is keyed by recipient)
    int partition = partitionOf(userId, s.stalledFrom.length);
    long stalledAt = s.stalledFrom[partition];
    boolean behindMark = stalledAt < 0 && mark >= 0 && s.committed[partition] >= 0 && s.committed[partition] < mark;
    long offset = behindMark ? s.committed[partition] : stalledAt;
    // records carry the send's time; a margin for the watch's poll and clocks
    long sinceMillis = s.anyStalled() ? s.stalledSinceMillis - pollInterval.toMillis() - STALL_MARGIN.toMillis() : -1;
    if (behindMark) {
      behind.increment();
    }
    if (offset < 0 && sinceMillis < 0) {
      return Flux.empty();
    }
    if (pending.incrementAndGet() > maxPending) {
      pending.decrementAndGet();
      skipped.increment();
      return Flux.empty();
    }
    Sinks.One<List<LiveItem.Message>> result = Sinks.one();
    try {
      thread.execute(() -> {
        try {
          result.tryEmitValue(read(userId, new TopicPartition(Topics.INBOX.name(), partition), offset, sinceMillis));
        } catch (RuntimeException e) {
          failed.increment();
          log.debug("inbox recall for {} failed: {}", userId, e.toString());
          result.tryEmitValue(List.of());
        } finally {
          pending.decrementAndGet();
        }
      });
    } catch (RuntimeException e) { // stopped meanwhile
      pending.decrementAndGet();
      return Flux.empty();
    }
    return result.asMono().flatMapIterable(list -> list);
  }

  private static int partitionOf(String userId, int partitions) {
    return Utils.toPositive(Utils.murmur2(userId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /** From {@code offset} or the first record at or after {@code sinceMillis}, whichever comes first (-1: not that one). */
  private List<LiveItem.Message> read(String userId, TopicPartition tp, long offset, long sinceMillis) {
    consumer.assign(List.of(tp)); // first: ListOffsets answers for unassigned partitions log a WARN each (KAFKA-20131)
    long from = offset;
    if (sinceMillis >= 0) {
      OffsetAndTimestamp first = consumer.offsetsForTimes(Map.of(tp, sinceMillis), ADMIN_TIMEOUT).get(tp);
      if (first != null && (from < 0 || first.offset() < from)) {
        from = first.offset();
      }
    }
    if (from < 0) {
      return List.of(); // nothing written there since the stall began
    }
    byte[] key = userId.getBytes(StandardCharsets.UTF_8);
    consumer.seek(tp, from);
    long end = consumer.endOffsets(List.of(tp), ADMIN_TIMEOUT).get(tp);
    List<LiveItem.Message> found = new ArrayList<>();
    long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
    int read = 0;
    while (consumer.position(tp) < end && read < maxRecords && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        read++;
        if (r.offset() >= end || r.value() == null || !Arrays.equals(key, r.key())) {
          continue;
        }
        try {
          Delivery d = Topics.INBOX.valueSerde().deserializer().deserialize(r.topic(), r.headers(), r.value());
          found.add(new LiveItem.Message(d.getConversationId(), d.getSeq(), writer.write(ServerFrame.Message.of(d)),
              r.timestamp()));
        } catch (SerializationException e) {
          // the live reader dead-letters it; a recall only skips it
        }
      }
    }
    recalled.increment(found.size());
    log.debug("recall for {} from {} at {} (end {}): {} of {} records", userId, tp, from, end, found.size(), read);
    return found;
  }

  /** Every pollInterval: which inbox partitions the projector's group has stopped committing on. */
  private void watch() {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed = admin
          .listConsumerGroupOffsets(ChatProjector.GROUP_ID, new ListConsumerGroupOffsetsOptions())
          .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      int partitions = consumer.partitionsFor(Topics.INBOX.name(), ADMIN_TIMEOUT).size();
      List<TopicPartition> all = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        all.add(new TopicPartition(Topics.INBOX.name(), p));
      }
      // the admin, not the consumer: kafka-clients 4.2 logs a WARN for every partition a consumer's
      // endOffsets names that it is not assigned (12 lines a second on a gateway, KAFKA-20131)
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      all.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      Map<TopicPartition, Long> ends = new HashMap<>();
      for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
          : admin.listOffsets(latest).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).entrySet()) {
        ends.put(e.getKey(), e.getValue().offset());
      }
      if (lastCommitted.length != partitions) {
        lastCommitted = new long[partitions];
        lastMove = new long[partitions];
        Arrays.fill(lastCommitted, -1);
      }
      long now = clock.millis();
      long[] next = new long[partitions];
      long[] committedNow = new long[partitions];
      long stalledSince = Long.MAX_VALUE;
      long[] endsNow = new long[partitions];
      for (int p = 0; p < partitions; p++) {
        TopicPartition tp = all.get(p);
        OffsetAndMetadata c = committed.get(tp);
        long end = ends.getOrDefault(tp, 0L);
        long at = c == null ? -1 : c.offset();
        committedNow[p] = at;
        endsNow[p] = end;
        if (at < 0 || at >= end || at != lastCommitted[p]) {
          lastMove[p] = now; // caught up, moving, or no projector to speak of
        }
        lastCommitted[p] = at;
        next[p] = at >= 0 && at < end && now - lastMove[p] >= stall.toMillis() ? at : -1;
        if (next[p] >= 0) {
          stalledSince = Math.min(stalledSince, lastMove[p]);
        }
      }
      if (log.isDebugEnabled() && !Arrays.equals(next, seen.stalledFrom)) {
        log.debug("projector stalled from (per inbox partition, -1 not stalled): {}; committed {}, ends {}",
            Arrays.toString(next), committed, ends);
      }
      seen = new Snapshot(committedNow, endsNow, next, stalledSince);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      log.debug("projector lag not known: {}", e.toString());
    }
  }

  /**
   * Per inbox partition as of one watch: the projector group's committed offset (-1: none), the
   * end, and where the projector stalled (-1: not stalled); and since when (epoch ms) the earliest
   * of the stalled partitions stands still ({@code Long.MAX_VALUE}: none is stalled). One volatile
   * snapshot, so a reader never mixes two watches.
   */
  private record Snapshot(long[] committed, long[] ends, long[] stalledFrom, long stalledSinceMillis) {

    boolean anyStalled() {
      return stalledSinceMillis != Long.MAX_VALUE;
    }
  }

  @Override
  public void start() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "herald-gateway-inbox-recall");
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    thread = executor;
    admin = Admin.create(adminConfig);
    consumer = clients.consumer("herald-gateway-inbox-recall", "earliest",
        Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"));
    running = true;
    thread.scheduleWithFixedDelay(this::watch, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    running = false;
    if (thread != null) {
      thread.shutdownNow();
      try {
        thread.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (consumer != null) {
      consumer.close();
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
