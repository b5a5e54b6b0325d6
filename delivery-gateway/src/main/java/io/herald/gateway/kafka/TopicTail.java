package io.herald.gateway.kafka;

import io.herald.kafka.tracing.RecordTracing;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The gateway's one topic reader: ONE Kafka consumer on its own thread, assigned every partition of
 * its topics (which must have the same partition count; or one, {@link Builder#onlyPartition}), no group, nothing committed; each record
 * goes to the handler on that thread, which must not block. Where it starts: {@link Start}.
 * {@code read_committed} unless built {@link Builder#uncommitted()} (the chat feeds: a delivery does
 * not wait for the topology's commit, and their consumers drop repeats by seq; see
 * docs/architecture.md, chat latency). With tracing on ({@link KafkaClients#tracing()}), a record
 * carrying trace headers is handed over inside a span "deliver", child of the record's context.
 * Its lag (records behind the end, summed over its partitions, as of the last poll) is the gauge
 * {@code herald.gateway.reader.lag{reader=NAME}} while it runs.
 */
public final class TopicTail {

  /** Where reading starts. */
  public enum Start {
    /** Only what is written from now on (live feeds); ready once positioned. */
    END,
    /** The whole topic first, to build a table (compacted state topics); ready once caught up with the end seen at start. */
    BEGINNING,
    /** From the first record not older than {@link Builder#recent the look-back}; ready once caught up. */
    RECENT
  }

  private static final Logger log = LoggerFactory.getLogger(TopicTail.class);
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

  private final Builder b;
  private final String name;
  private final CompletableFuture<Integer> ready = new CompletableFuture<>();
  private final AtomicBoolean running = new AtomicBoolean();
  /** Counted down by stop(): ends a retry back-off without interrupting the thread (an interrupt
   *  that lands in the consumer's close makes it throw, and the close is then not clean). */
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final AtomicInteger consumersCreated = new AtomicInteger();
  /** Records behind the end of its partitions at the last poll; -1 until known. */
  private final AtomicLong lag = new AtomicLong(-1);
  private volatile Gauge lagGauge;
  private volatile org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
  private Map<TopicPartition, Long> catchUpTo; // BEGINNING and RECENT only, reader thread only
  private Thread thread;

  private TopicTail(Builder b) {
    this.b = b;
    this.name = b.name != null ? b.name : String.join("+", b.topics);
  }

  /** A reader of {@code topics} (co-partitioned when several) handing each record to {@code handler}. */
  public static Builder of(KafkaClients clients, List<String> topics, Consumer<ConsumerRecord<byte[], byte[]>> handler) {
    return new Builder(clients, topics, handler);
  }

  public static Builder of(KafkaClients clients, String topic, Consumer<ConsumerRecord<byte[], byte[]>> handler) {
    return of(clients, List.of(topic), handler);
  }

  public List<String> topics() {
    return b.topics;
  }

  /** Completes once positioned (END) or caught up; fails if the reader stopped. */
  public Mono<Void> ready() {
    return Mono.fromFuture(ready, true).then();
  }

  public boolean isReady() {
    return ready.isDone() && !ready.isCompletedExceptionally() && running.get();
  }

  /** Between {@link #start} and {@link #stop} (or the reader ending on its own). */
  public boolean isRunning() {
    return running.get();
  }

  /** Partitions per topic; only once {@link #ready()}. */
  public int partitions() {
    return ready.getNow(0);
  }

  /** Kafka consumers this reader has created: one for its whole life. */
  public int consumersCreated() {
    return consumersCreated.get();
  }

  /** Records behind the ends of its partitions as of the last poll, -1 before the first. */
  public long lag() {
    return lag.get();
  }

  public void start() {
    if (running.compareAndSet(false, true)) {
      lagGauge = Gauge.builder("herald.gateway.reader.lag", lag, AtomicLong::get).tag("reader", name)
          .description("records this gateway reader is behind the end of its topics (-1: not yet known)")
          .register(b.clients.meters());
      thread = new Thread(this::run, "herald-tail-" + name);
      thread.setDaemon(true);
      thread.start();
    }
  }

  public void stop() {
    if (running.compareAndSet(true, false)) {
      var c = consumer;
      if (c != null) {
        c.wakeup();
      }
      stopping.countDown();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    var c = b.clients.consumer("herald-gateway-" + name, b.start == Start.END ? "latest" : "earliest",
        Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, b.isolationLevel));
    consumersCreated.incrementAndGet();
    consumer = c;
    try {
      RecordTracing tracing = b.clients.tracing();
      int partitions = assign(c);
      if (b.start == Start.END) {
        ready.complete(partitions);
        log.info("reader positioned at the end of {} partitions of {}", partitions, b.topics);
      } else {
        completeIfCaughtUp(c, partitions);
      }
      while (running.get()) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = c.poll(b.pollTimeout);
        } catch (WakeupException e) {
          break;
        } catch (KafkaException e) {
          if (!running.get()) {
            break;
          }
          log.warn("reader of {} failed to poll, retrying", b.topics, e);
          backOff();
          continue;
        }
        measureLag(c);
        for (ConsumerRecord<byte[], byte[]> r : records) {
          try {
            if (tracing.enabled()) {
              tracing.continueTrace("deliver", r.headers(), false, () -> b.handler.accept(r));
            } else {
              b.handler.accept(r);
            }
          } catch (RuntimeException e) {
            log.error("cannot dispatch {}-{}@{}; skipped", r.topic(), r.partition(), r.offset(), e);
          }
        }
        if (!ready.isDone()) {
          completeIfCaughtUp(c, partitions);
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // stopping
    } catch (RuntimeException | Error e) {
      log.error("reader of {} stopped", b.topics, e);
    } finally {
      running.set(false);
      if (lagGauge != null) {
        b.clients.meters().remove(lagGauge); // a reader started again under this name registers afresh
      }
      ready.completeExceptionally(new IllegalStateException("reader of " + b.topics + " stopped"));
      c.close();
      b.onStopped.run();
    }
  }

  /** From the consumer's own fetch positions and high watermarks: no request to the broker. */
  private void measureLag(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> c) {
    long total = 0;
    boolean known = false;
    for (TopicPartition tp : c.assignment()) {
      var partitionLag = c.currentLag(tp);
      if (partitionLag.isPresent()) {
        total += partitionLag.getAsLong();
        known = true;
      }
    }
    if (known) {
      lag.set(total);
    }
  }

  private void backOff() throws InterruptedException {
    stopping.await(RETRY_BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Assigns every partition, positions them and tells {@code onPositioned}; retries until the topics exist. */
  private int assign(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> c) throws InterruptedException {
    while (running.get()) {
      try {
        int n = partitionCount(c);
        if (n > 0) {
          List<TopicPartition> all = new ArrayList<>();
          for (String topic : b.topics) {
            for (int p = 0; p < n; p++) {
              if (b.slot == null || p == Math.floorMod(b.slot, n)) {
                all.add(new TopicPartition(topic, p));
              }
            }
          }
          c.assign(all);
          switch (b.start) {
            case END -> c.seekToEnd(all);
            case BEGINNING -> c.seekToBeginning(all);
            case RECENT -> seekToRecent(c, all);
          }
          if (b.start != Start.END) {
            catchUpTo = c.endOffsets(all, b.metadataTimeout); // read_committed: the last stable offsets
          }
          Map<TopicPartition, Long> positions = new HashMap<>();
          // resolved now: "end" means the end at start, not at the first poll
          all.forEach(tp -> positions.put(tp, c.position(tp)));
          b.onPositioned.accept(positions);
          return n;
        }
        log.warn("topics {} do not exist yet; waiting", b.topics);
      } catch (WakeupException e) {
        throw e;
      } catch (KafkaException e) {
        log.warn("cannot position the reader of {} yet: {}", b.topics, e.toString());
      }
      backOff();
    }
    throw new InterruptedException("stopped before start");
  }

  /** 0 while a topic is missing; fails when the topics disagree (one key would live in two partition numbers). */
  private int partitionCount(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> c) {
    int n = -1;
    for (String topic : b.topics) {
      List<PartitionInfo> infos = c.partitionsFor(topic, b.metadataTimeout);
      if (infos == null || infos.isEmpty()) {
        return 0;
      }
      if (n != -1 && n != infos.size()) {
        throw new IllegalStateException("topics read together must have the same partition count: " + b.topics);
      }
      n = infos.size();
    }
    return n;
  }

  /** Each partition at its first record not older than the look-back, or at its end when there is none. */
  private void seekToRecent(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> c, List<TopicPartition> all) {
    long since = System.currentTimeMillis() - b.lookBack.toMillis();
    Map<TopicPartition, Long> query = new HashMap<>();
    all.forEach(tp -> query.put(tp, since));
    Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(query, b.metadataTimeout);
    List<TopicPartition> none = new ArrayList<>();
    for (TopicPartition tp : all) {
      OffsetAndTimestamp o = found.get(tp);
      if (o == null) {
        none.add(tp);
      } else {
        c.seek(tp, o.offset());
      }
    }
    if (!none.isEmpty()) {
      c.seekToEnd(none);
    }
  }

  private void completeIfCaughtUp(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> c, int partitions) {
    for (Map.Entry<TopicPartition, Long> e : catchUpTo.entrySet()) {
      if (c.position(e.getKey()) < e.getValue()) {
        return;
      }
    }
    ready.complete(partitions);
    log.info("reader caught up with {} partitions of {}", catchUpTo.size(), b.topics);
  }

  /** Options of a {@link TopicTail}; defaults: from the end, read_committed, 500 ms polls, 10 s metadata waits. */
  public static final class Builder {
    private final KafkaClients clients;
    private final List<String> topics;
    private final Consumer<ConsumerRecord<byte[], byte[]>> handler;
    private String name;
    private Start start = Start.END;
    private Duration lookBack;
    private String isolationLevel = "read_committed";
    private Duration pollTimeout = Duration.ofMillis(500);
    private Duration metadataTimeout = Duration.ofSeconds(10);
    private Consumer<Map<TopicPartition, Long>> onPositioned = positions -> { };
    private Runnable onStopped = () -> { };
    private Integer slot;

    private Builder(KafkaClients clients, List<String> topics, Consumer<ConsumerRecord<byte[], byte[]>> handler) {
      if (topics.isEmpty()) {
        throw new IllegalArgumentException("a reader needs a topic");
      }
      this.clients = Objects.requireNonNull(clients);
      this.topics = List.copyOf(topics);
      this.handler = Objects.requireNonNull(handler);
    }

    /** Names the thread ({@code herald-tail-NAME}) and the client id; default: the topics. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder fromBeginning() {
      this.start = Start.BEGINNING;
      return this;
    }

    /** From the records of the last {@code lookBack} on. */
    public Builder recent(Duration lookBack) {
      this.start = Start.RECENT;
      this.lookBack = Objects.requireNonNull(lookBack);
      return this;
    }

    /** Only partition {@code slot mod partitions} of each topic (a routed gateway's slot), not all of them. */
    public Builder onlyPartition(int slot) {
      if (slot < 0) {
        throw new IllegalArgumentException("a slot is >= 0");
      }
      this.slot = slot;
      return this;
    }

    /** {@code read_uncommitted}: for consumers that drop repeats themselves. */
    public Builder uncommitted() {
      this.isolationLevel = "read_uncommitted";
      return this;
    }

    public Builder pollTimeout(Duration pollTimeout) {
      this.pollTimeout = Objects.requireNonNull(pollTimeout);
      return this;
    }

    public Builder metadataTimeout(Duration metadataTimeout) {
      this.metadataTimeout = Objects.requireNonNull(metadataTimeout);
      return this;
    }

    /** Told, on the reader thread before it is ready, where each partition starts. */
    public Builder onPositioned(Consumer<Map<TopicPartition, Long>> onPositioned) {
      this.onPositioned = Objects.requireNonNull(onPositioned);
      return this;
    }

    /** Run on the reader thread when it ends, stopped or failed. */
    public Builder onStopped(Runnable onStopped) {
      this.onStopped = Objects.requireNonNull(onStopped);
      return this;
    }

    public TopicTail build() {
      return new TopicTail(this);
    }
  }
}
