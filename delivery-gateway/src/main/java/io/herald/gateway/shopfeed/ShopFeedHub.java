package io.herald.gateway.shopfeed;

import io.herald.gateway.kafka.FeedProperties;
import io.herald.gateway.kafka.KafkaClients;
import io.herald.gateway.kafka.TopicTail;
import io.herald.kafka.DeadLetterPublisher;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;

/**
 * The live shop feed: ONE reader per gateway ({@link TopicTail}: one consumer on its own thread,
 * every partition of the shop topics from their end, no consumer group, nothing committed; each
 * gateway sees everything). Each record is decoded and rendered to JSON once, then handed to the listeners of its
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

  private final FeedDecoder decoder;
  private final DeadLetterPublisher deadLetters;
  private final Map<String, LiveListener[]> listeners = new ConcurrentHashMap<>();
  private final AtomicLongArray[] positions = new AtomicLongArray[FeedTopic.COUNT];
  private final TopicTail tail;

  public ShopFeedHub(KafkaClients clients, FeedDecoder decoder, DeadLetterPublisher deadLetters, FeedProperties props) {
    this.decoder = decoder;
    this.deadLetters = deadLetters;
    this.tail = TopicTail.of(clients, FeedTopic.ALL.stream().map(FeedTopic::topicName).toList(), this::dispatch)
        .name("shop-feed").pollTimeout(props.pollTimeout()).metadataTimeout(props.readyTimeout())
        .onPositioned(this::positioned).onStopped(this::closeListeners).build();
  }

  /** Completes once the consumer is positioned; fails if the feed could not start or has stopped. */
  public Mono<Void> ready() {
    return tail.ready();
  }

  /** Partition count of the shop topics; only after {@link #ready()}. */
  public int partitions() {
    return tail.partitions();
  }

  public int partitionFor(String shopId) {
    return ShopPartitions.partitionFor(shopId, requireReady());
  }

  /** Live consumers this hub has created: one for its whole life. */
  public int consumersCreated() {
    return tail.consumersCreated();
  }

  /** Shops with at least one listener. */
  public int watchedShops() {
    return listeners.size();
  }

  public boolean isReady() {
    return tail.isReady();
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
    return tail.partitions();
  }

  @Override
  public void start() {
    tail.start();
  }

  @Override
  public void stop() {
    tail.stop();
    deadLetters.close();
  }

  @Override
  public boolean isRunning() {
    return tail.isRunning();
  }

  /** On the reader thread, before it is ready: where each shop topic's partitions start. */
  private void positioned(Map<TopicPartition, Long> start) {
    int n = start.size() / FeedTopic.COUNT;
    for (FeedTopic t : FeedTopic.ALL) {
      positions[t.ordinal()] = new AtomicLongArray(n);
    }
    start.forEach((tp, offset) -> positions[FeedTopic.ofTopic(tp.topic()).ordinal()].set(tp.partition(), offset));
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
