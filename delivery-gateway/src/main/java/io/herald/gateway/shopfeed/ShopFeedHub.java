package io.herald.gateway.shopfeed;

import io.herald.gateway.kafka.KafkaClients;
import io.herald.gateway.kafka.FeedProperties;
import io.herald.kafka.DeadLetterPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;

/**
 * The live shop feed: ONE Kafka consumer per gateway, on its own thread, assigned every partition
 * of the shop topics from their end (no consumer group: each gateway sees everything and commits
 * nothing). Each record is decoded and rendered to JSON once, then handed to the listeners of its
 * shop; records of shops nobody watches are skipped without decoding the value. Dashboards, however
 * many, never add consumers. An undecodable record goes to its topic's {@code .dlq} and the feed
 * carries on.
 *
 * <p>Hand-over guarantee: {@link #subscribe} returns the feed position at registration, and every
 * event of the shop at or after that position reaches the listener. Dispatch writes a record's
 * position before reading the listeners, registration adds the listener before reading the
 * positions (both volatile), so for each record either the listener gets it or the returned
 * position already lies past it.
 */
public final class ShopFeedHub implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ShopFeedHub.class);
  private static final LiveListener[] NONE = new LiveListener[0];
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

  private final KafkaClients clients;
  private final FeedDecoder decoder;
  private final DeadLetterPublisher deadLetters;
  private final FeedProperties props;
  private final Map<String, LiveListener[]> listeners = new ConcurrentHashMap<>();
  private final AtomicLongArray[] positions = new AtomicLongArray[FeedTopic.COUNT];
  private final CompletableFuture<Integer> ready = new CompletableFuture<>();
  private final AtomicInteger consumersCreated = new AtomicInteger();
  private final AtomicBoolean running = new AtomicBoolean();
  private final java.util.concurrent.CountDownLatch stopping = new java.util.concurrent.CountDownLatch(1);
  private volatile Consumer<byte[], byte[]> consumer;
  private volatile int partitions;
  private Thread thread;

  public ShopFeedHub(KafkaClients clients, FeedDecoder decoder, DeadLetterPublisher deadLetters, FeedProperties props) {
    this.clients = clients;
    this.decoder = decoder;
    this.deadLetters = deadLetters;
    this.props = props;
  }

  /** Completes once the consumer is positioned; fails if the feed could not start or has stopped. */
  public Mono<Void> ready() {
    return Mono.fromFuture(ready, true).then();
  }

  /** Partition count of the shop topics; only after {@link #ready()}. */
  public int partitions() {
    return partitions;
  }

  public int partitionFor(String shopId) {
    return ShopPartitions.partitionFor(shopId, requireReady());
  }

  /** Live consumers this hub has created: one for its whole life. */
  public int consumersCreated() {
    return consumersCreated.get();
  }

  /** Shops with at least one listener. */
  public int watchedShops() {
    return listeners.size();
  }

  public boolean isReady() {
    return ready.isDone() && !ready.isCompletedExceptionally() && running.get();
  }

  /** Non-blocking; call only after {@link #ready()}. */
  public LiveRegistration subscribe(String shopId, LiveListener listener) {
    int n = requireReady();
    listeners.compute(shopId, (k, current) -> append(current, listener));
    int p = ShopPartitions.partitionFor(shopId, n);
    long[] start = new long[FeedTopic.COUNT];
    for (FeedTopic t : FeedTopic.ALL) {
      start[t.ordinal()] = positions[t.ordinal()].get(p); // read after the add: see class comment
    }
    AtomicBoolean cancelled = new AtomicBoolean();
    return new LiveRegistration(p, new FeedPosition(start), () -> {
      if (cancelled.compareAndSet(false, true)) {
        listeners.computeIfPresent(shopId, (k, current) -> remove(current, listener));
      }
    });
  }

  private int requireReady() {
    if (!isReady()) {
      throw new IllegalStateException("live shop feed is not running");
    }
    return partitions;
  }

  @Override
  public void start() {
    if (running.compareAndSet(false, true)) {
      thread = new Thread(this::run, "herald-shop-feed");
      thread.setDaemon(true);
      thread.start();
    }
  }

  @Override
  public void stop() {
    if (running.compareAndSet(true, false)) {
      Consumer<byte[], byte[]> c = consumer;
      if (c != null) {
        c.wakeup();
      }
      stopping.countDown(); // ends a retry back-off; an interrupt landing in the consumer's close would break it
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      deadLetters.close();
    }
  }

  @Override
  public boolean isRunning() {
    return running.get();
  }

  private void run() {
    Consumer<byte[], byte[]> c = clients.consumer("herald-gateway-live", "latest");
    consumersCreated.incrementAndGet();
    consumer = c;
    try {
      partitions = assignAtEnd(c);
      ready.complete(partitions);
      log.info("live shop feed positioned on {} partitions of {}", partitions, FeedTopic.ALL);
      while (running.get()) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = c.poll(props.pollTimeout());
        } catch (WakeupException e) {
          break;
        } catch (KafkaException e) {
          if (!running.get()) {
            break;
          }
          log.warn("live shop feed poll failed, retrying", e);
          backOff();
          continue;
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
          dispatch(r);
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // stopping
    } catch (RuntimeException | Error e) {
      log.error("live shop feed stopped", e);
      ready.completeExceptionally(e);
    } finally {
      running.set(false);
      ready.completeExceptionally(new IllegalStateException("live shop feed stopped"));
      c.close();
      closeListeners();
    }
  }

  /** Assigns every partition of the shop topics at their end; retries until the topics exist. */
  private int assignAtEnd(Consumer<byte[], byte[]> c) throws InterruptedException {
    while (running.get()) {
      try {
        int n = partitionCount(c);
        if (n > 0) {
          List<TopicPartition> all = new ArrayList<>();
          for (FeedTopic t : FeedTopic.ALL) {
            positions[t.ordinal()] = new AtomicLongArray(n);
            for (int p = 0; p < n; p++) {
              all.add(new TopicPartition(t.topicName(), p));
            }
          }
          c.assign(all);
          c.seekToEnd(all);
          for (TopicPartition tp : all) {
            positions[FeedTopic.ofTopic(tp.topic()).ordinal()].set(tp.partition(), c.position(tp));
          }
          return n;
        }
        log.warn("shop topics {} do not exist yet; waiting", FeedTopic.ALL);
      } catch (WakeupException e) {
        throw e;
      } catch (KafkaException e) {
        log.warn("cannot position the live shop feed yet: {}", e.toString());
      }
      stopping.await(RETRY_BACKOFF.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    throw new InterruptedException("stopped before start");
  }

  /** 0 while a topic is missing; fails when the topics disagree (a shop would live in two partitions). */
  private int partitionCount(Consumer<byte[], byte[]> c) {
    int n = -1;
    for (FeedTopic t : FeedTopic.ALL) {
      List<PartitionInfo> infos = c.partitionsFor(t.topicName(), props.readyTimeout());
      if (infos == null || infos.isEmpty()) {
        return 0;
      }
      if (n != -1 && n != infos.size()) {
        throw new IllegalStateException("shop topics must have the same partition count: " + FeedTopic.ALL);
      }
      n = infos.size();
    }
    return n;
  }

  private void dispatch(ConsumerRecord<byte[], byte[]> r) {
    FeedTopic topic = FeedTopic.ofTopic(r.topic());
    positions[topic.ordinal()].set(r.partition(), r.offset() + 1); // before reading listeners
    if (r.key() == null) {
      return;
    }
    String shopId = new String(r.key(), StandardCharsets.UTF_8);
    LiveListener[] targets = listeners.get(shopId);
    if (targets == null) {
      return; // nobody watches: the value is never decoded
    }
    FeedEvent event;
    try {
      event = decoder.decode(topic, shopId, r);
    } catch (SerializationException e) {
      deadLetters.publish(r, e);
      return;
    } catch (RuntimeException e) {
      log.error("cannot render {}-{}@{}; skipped", r.topic(), r.partition(), r.offset(), e);
      return;
    }
    if (event == null) {
      return;
    }
    for (LiveListener l : targets) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        log.error("listener failed on {}", r.topic(), e);
      }
    }
  }

  private void closeListeners() {
    listeners.forEach((shop, ls) -> Arrays.stream(ls).forEach(l -> {
      try {
        l.onClose();
      } catch (RuntimeException e) {
        log.warn("listener failed on close", e);
      }
    }));
    listeners.clear();
  }

  private void backOff() {
    try {
      stopping.await(RETRY_BACKOFF.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static LiveListener[] append(LiveListener[] current, LiveListener l) {
    LiveListener[] base = current == null ? NONE : current;
    LiveListener[] out = Arrays.copyOf(base, base.length + 1);
    out[base.length] = l;
    return out;
  }

  private static LiveListener[] remove(LiveListener[] current, LiveListener l) {
    LiveListener[] out = Arrays.stream(current).filter(x -> x != l).toArray(LiveListener[]::new);
    return out.length == 0 ? null : out;
  }
}
