package io.herald.gateway.chat;

import io.herald.gateway.shopfeed.KafkaClients;
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
 * ONE Kafka consumer on its own thread, assigned every partition of one topic from its end, no
 * group, nothing committed, {@code read_committed} (the chat topics are written in exactly-once
 * transactions: aborted records are never dispatched). Each record goes to {@code handler} on this
 * thread, which must not block.
 */
final class TopicTail {

  private static final Logger log = LoggerFactory.getLogger(TopicTail.class);
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

  private final String topic;
  private final KafkaClients clients;
  private final Consumer<ConsumerRecord<byte[], byte[]>> handler;
  private final Duration pollTimeout;
  private final Duration metadataTimeout;
  private final CompletableFuture<Integer> ready = new CompletableFuture<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
  private Thread thread;

  TopicTail(String topic, KafkaClients clients, Consumer<ConsumerRecord<byte[], byte[]>> handler, Duration pollTimeout,
            Duration metadataTimeout) {
    this.topic = topic;
    this.clients = clients;
    this.handler = handler;
    this.pollTimeout = pollTimeout;
    this.metadataTimeout = metadataTimeout;
  }

  String topic() {
    return topic;
  }

  /** Completes once positioned at the end of every partition; fails if the reader stopped. */
  Mono<Void> ready() {
    return Mono.fromFuture(ready, true).then();
  }

  boolean isReady() {
    return ready.isDone() && !ready.isCompletedExceptionally() && running.get();
  }

  void start() {
    if (running.compareAndSet(false, true)) {
      thread = new Thread(this::run, "herald-chat-" + topic);
      thread.setDaemon(true);
      thread.start();
    }
  }

  void stop() {
    if (running.compareAndSet(true, false)) {
      var c = consumer;
      if (c != null) {
        c.wakeup();
      }
      thread.interrupt(); // ends a retry back-off
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    var c = clients.consumer("herald-gateway-chat-" + topic, "latest",
        Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
    consumer = c;
    try {
      int partitions = assignAtEnd(c);
      ready.complete(partitions);
      log.info("chat reader positioned at the end of {} partitions of {}", partitions, topic);
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
          log.warn("chat reader of {} failed to poll, retrying", topic, e);
          Thread.sleep(RETRY_BACKOFF.toMillis());
          continue;
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
          try {
            handler.accept(r);
          } catch (RuntimeException e) {
            log.error("cannot dispatch {}-{}@{}; skipped", r.topic(), r.partition(), r.offset(), e);
          }
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // stopping
    } catch (RuntimeException | Error e) {
      log.error("chat reader of {} stopped", topic, e);
    } finally {
      running.set(false);
      ready.completeExceptionally(new IllegalStateException("chat reader of " + topic + " stopped"));
      Thread.interrupted(); // a stop() interrupt must not abort the close
      c.close();
    }
  }

  /** Retries until the topic exists. */
  private int assignAtEnd(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> c) throws InterruptedException {
    while (running.get()) {
      try {
        List<PartitionInfo> infos = c.partitionsFor(topic, metadataTimeout);
        if (infos != null && !infos.isEmpty()) {
          List<TopicPartition> all = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
          c.assign(all);
          c.seekToEnd(all);
          all.forEach(c::position); // resolve now: "end" means the end at start, not at the first poll
          return all.size();
        }
        log.warn("topic {} does not exist yet; waiting", topic);
      } catch (WakeupException e) {
        throw e;
      } catch (KafkaException e) {
        log.warn("cannot position the chat reader of {} yet: {}", topic, e.toString());
      }
      Thread.sleep(RETRY_BACKOFF.toMillis());
    }
    throw new InterruptedException("stopped before start");
  }
}
