package io.herald.gateway.chat;

import io.herald.gateway.kafka.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * ONE Kafka consumer on its own thread, assigned every partition of one topic, no group, nothing
 * committed. By default {@code read_committed} (Herald's derived topics are written in exactly-once
 * transactions: aborted records are never dispatched); the chat feeds read {@code read_uncommitted}
 * so a delivery does not wait for the topology's commit, and their consumers drop repeats by seq
 * (see docs/architecture.md, chat latency). Each record goes to {@code handler} on this thread,
 * which must not block.
 *
 * <p>{@link Start#END} (the chat feeds): only what is written from now on; ready once positioned.
 * {@link Start#BEGINNING} (compacted state topics such as {@code presence-state}): the whole topic
 * first, to build a table; ready once it has read up to the end offsets it saw at start.
 * {@link #recent} (the {@code users} reader of the credential watch): from the first record not older
 * than a look-back, so what happened shortly before this process started is known; ready once caught
 * up, like {@link Start#BEGINNING}.
 */
public final class TopicTail {

  /** Where reading starts. */
  public enum Start { END, BEGINNING, RECENT }

  private static final Logger log = LoggerFactory.getLogger(TopicTail.class);
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

  private final String topic;
  private final KafkaClients clients;
  private final Consumer<ConsumerRecord<byte[], byte[]>> handler;
  private final Start start;
  private final Duration pollTimeout;
  private final Duration metadataTimeout;
  private final String isolationLevel;
  private final Duration lookBack; // RECENT only
  private final CompletableFuture<Integer> ready = new CompletableFuture<>();
  private final AtomicBoolean running = new AtomicBoolean();
  /** Counted down by stop(): ends a retry back-off without interrupting the thread (an interrupt
   *  that lands in the consumer's close makes it throw, and the close is then not clean). */
  private final java.util.concurrent.CountDownLatch stopping = new java.util.concurrent.CountDownLatch(1);
  private volatile org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
  private Map<TopicPartition, Long> catchUpTo; // BEGINNING only, reader thread only
  private Thread thread;

  /** From the end, {@code read_uncommitted}: a chat feed whose consumers drop repeats by seq. */
  static TopicTail uncommittedFromEnd(String topic, KafkaClients clients, Consumer<ConsumerRecord<byte[], byte[]>> handler,
                                      Duration pollTimeout, Duration metadataTimeout) {
    return new TopicTail(topic, clients, handler, Start.END, pollTimeout, metadataTimeout, "read_uncommitted");
  }

  public TopicTail(String topic, KafkaClients clients, Consumer<ConsumerRecord<byte[], byte[]>> handler, Start start,
                   Duration pollTimeout, Duration metadataTimeout) {
    this(topic, clients, handler, start, pollTimeout, metadataTimeout, "read_committed", null);
  }

  /** {@link Start#RECENT}: from the records of the last {@code lookBack} on, {@code read_committed}. */
  public static TopicTail recent(String topic, KafkaClients clients, Consumer<ConsumerRecord<byte[], byte[]>> handler,
                                 Duration lookBack, Duration pollTimeout, Duration metadataTimeout) {
    return new TopicTail(topic, clients, handler, Start.RECENT, pollTimeout, metadataTimeout, "read_committed", lookBack);
  }

  private TopicTail(String topic, KafkaClients clients, Consumer<ConsumerRecord<byte[], byte[]>> handler, Start start,
                    Duration pollTimeout, Duration metadataTimeout, String isolationLevel) {
    this(topic, clients, handler, start, pollTimeout, metadataTimeout, isolationLevel, null);
  }

  private TopicTail(String topic, KafkaClients clients, Consumer<ConsumerRecord<byte[], byte[]>> handler, Start start,
                    Duration pollTimeout, Duration metadataTimeout, String isolationLevel, Duration lookBack) {
    this.isolationLevel = isolationLevel;
    this.lookBack = lookBack;
    this.topic = topic;
    this.clients = clients;
    this.handler = handler;
    this.start = start;
    this.pollTimeout = pollTimeout;
    this.metadataTimeout = metadataTimeout;
  }

  public String topic() {
    return topic;
  }

  /** Completes once positioned (END) or caught up (BEGINNING); fails if the reader stopped. */
  public Mono<Void> ready() {
    return Mono.fromFuture(ready, true).then();
  }

  public boolean isReady() {
    return ready.isDone() && !ready.isCompletedExceptionally() && running.get();
  }

  public void start() {
    if (running.compareAndSet(false, true)) {
      thread = new Thread(this::run, "herald-tail-" + topic);
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
      stopping.countDown(); // ends a retry back-off
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    var c = clients.consumer("herald-gateway-" + topic, start == Start.END ? "latest" : "earliest",
        Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel));
    consumer = c;
    try {
      int partitions = assign(c);
      if (start == Start.END) {
        ready.complete(partitions);
        log.info("reader positioned at the end of {} partitions of {}", partitions, topic);
      } else {
        completeIfCaughtUp(c);
      }
      while (running.get()) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = c.poll(pollTimeout);
        } catch (WakeupException e) {
          break;
        } catch (KafkaException e) {
          if (!running.get()) {
            break;
          }
          log.warn("reader of {} failed to poll, retrying", topic, e);
          backOff();
          continue;
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
          try {
            handler.accept(r);
          } catch (RuntimeException e) {
            log.error("cannot dispatch {}-{}@{}; skipped", r.topic(), r.partition(), r.offset(), e);
          }
        }
        if (!ready.isDone()) {
          completeIfCaughtUp(c);
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // stopping
    } catch (RuntimeException | Error e) {
      log.error("reader of {} stopped", topic, e);
    } finally {
      running.set(false);
      ready.completeExceptionally(new IllegalStateException("reader of " + topic + " stopped"));
      c.close();
    }
  }

  /** Waits before a retry; returns at once when stopping. */
  private void backOff() throws InterruptedException {
    stopping.await(RETRY_BACKOFF.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Retries until the topic exists. */
  private int assign(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> c) throws InterruptedException {
    while (running.get()) {
      try {
        List<PartitionInfo> infos = c.partitionsFor(topic, metadataTimeout);
        if (infos != null && !infos.isEmpty()) {
          List<TopicPartition> all = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
          c.assign(all);
          if (start == Start.END) {
            c.seekToEnd(all);
          } else {
            if (start == Start.BEGINNING) {
              c.seekToBeginning(all);
            } else {
              seekToRecent(c, all);
            }
            catchUpTo = c.endOffsets(all, metadataTimeout); // read_committed: the last stable offsets
          }
          all.forEach(c::position); // resolve now: "end" means the end at start, not at the first poll
          return all.size();
        }
        log.warn("topic {} does not exist yet; waiting", topic);
      } catch (WakeupException e) {
        throw e;
      } catch (KafkaException e) {
        log.warn("cannot position the reader of {} yet: {}", topic, e.toString());
      }
      backOff();
    }
    throw new InterruptedException("stopped before start");
  }

  /** Each partition at its first record not older than the look-back, or at its end when there is none. */
  private void seekToRecent(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> c, List<TopicPartition> all) {
    long since = System.currentTimeMillis() - lookBack.toMillis();
    Map<TopicPartition, Long> query = new java.util.HashMap<>();
    all.forEach(tp -> query.put(tp, since));
    var found = c.offsetsForTimes(query, metadataTimeout);
    List<TopicPartition> none = new java.util.ArrayList<>();
    for (TopicPartition tp : all) {
      var o = found.get(tp);
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

  private void completeIfCaughtUp(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> c) {
    for (Map.Entry<TopicPartition, Long> e : catchUpTo.entrySet()) {
      if (c.position(e.getKey()) < e.getValue()) {
        return;
      }
    }
    ready.complete(catchUpTo.size());
    log.info("reader caught up with {} partitions of {}", catchUpTo.size(), topic);
  }
}
