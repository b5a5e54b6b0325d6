package io.herald.gateway.shopfeed;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads one shop's history from its three topic-partitions, from a start position up to the end
 * offsets captured when it opens, merging the topics in (record timestamp, topic, offset) order.
 * Given the same start, the order is the same, so a client resuming mid-replay continues the same
 * sequence. Blocking and single-threaded: one reader per request, on a replay worker thread.
 *
 * <p>Memory is bounded: a topic is fetched only while its look-ahead queue is empty (the others are
 * paused), so each queue holds at most one poll's records of this shop.
 */
final class ReplayReader implements AutoCloseable {

  private final Consumer<byte[], byte[]> consumer;
  private final FeedDecoder decoder;
  private final String shopId;
  private final byte[] key;
  private final ReplayStart start;
  private final Duration pollTimeout;
  private final Duration stallTimeout;
  private final Runnable onUndecodable;
  /** For a time-based start: records stamped earlier are skipped even if the log holds them later. */
  private final long minTimestamp;
  private final TopicPartition[] partitions = new TopicPartition[FeedTopic.COUNT];
  private final long[] end = new long[FeedTopic.COUNT];
  @SuppressWarnings("unchecked")
  private final ArrayDeque<ConsumerRecord<byte[], byte[]>>[] ahead = new ArrayDeque[FeedTopic.COUNT];
  private boolean opened;
  private boolean finished;
  private long lastProgressNanos;

  ReplayReader(Consumer<byte[], byte[]> consumer, FeedDecoder decoder, String shopId, int partition, ReplayStart start,
               Duration pollTimeout, Duration stallTimeout, Runnable onUndecodable) {
    this.consumer = consumer;
    this.decoder = decoder;
    this.shopId = shopId;
    this.key = shopId.getBytes(StandardCharsets.UTF_8);
    this.start = start;
    this.pollTimeout = pollTimeout;
    this.stallTimeout = stallTimeout;
    this.onUndecodable = onUndecodable;
    this.minTimestamp = start instanceof ReplayStart.Since since ? since.time().toEpochMilli() : Long.MIN_VALUE;
    for (FeedTopic t : FeedTopic.ALL) {
      partitions[t.ordinal()] = new TopicPartition(t.topicName(), partition);
      ahead[t.ordinal()] = new ArrayDeque<>();
    }
  }

  /**
   * First the start {@link FeedPosition}, then the shop's events in merge order, then the end
   * position (everything of the shop below it was emitted), then null.
   */
  FeedSignal next() {
    if (!opened) {
      opened = true;
      return open();
    }
    while (!finished) {
      if (needsFetch()) {
        fetch();
        continue;
      }
      int t = earliestHead();
      if (t < 0) {
        finished = true;
        return new FeedPosition(end);
      }
      ConsumerRecord<byte[], byte[]> r = ahead[t].poll();
      try {
        FeedEvent e = decoder.decode(FeedTopic.ALL.get(t), shopId, r);
        if (e != null) {
          return e;
        }
      } catch (SerializationException e) {
        onUndecodable.run(); // the live feed dead-letters poison records; a replay only skips them
      }
    }
    return null;
  }

  private FeedPosition open() {
    List<TopicPartition> tps = Arrays.asList(partitions);
    consumer.assign(tps);
    Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
    long[] from = new long[FeedTopic.COUNT];
    Map<TopicPartition, OffsetAndTimestamp> byTime = start instanceof ReplayStart.Since since
        ? consumer.offsetsForTimes(timestamps(tps, since.time().toEpochMilli())) : Map.of();
    for (FeedTopic t : FeedTopic.ALL) {
      int i = t.ordinal();
      end[i] = ends.get(partitions[i]);
      long wanted;
      if (start instanceof ReplayStart.FromPosition p) {
        wanted = p.position().next(t);
      } else {
        OffsetAndTimestamp found = byTime.get(partitions[i]);
        wanted = found == null ? end[i] : found.offset(); // nothing that recent: start at the end
      }
      from[i] = Math.min(wanted, end[i]); // a cursor past the end (e.g. a re-created topic) starts at the end
      consumer.seek(partitions[i], from[i]);
    }
    lastProgressNanos = System.nanoTime();
    return new FeedPosition(from);
  }

  private static Map<TopicPartition, Long> timestamps(List<TopicPartition> tps, long millis) {
    Map<TopicPartition, Long> out = new HashMap<>();
    tps.forEach(tp -> out.put(tp, millis));
    return out;
  }

  private boolean caughtUp(int t) {
    return consumer.position(partitions[t]) >= end[t];
  }

  /** A topic with nothing looked-ahead that still has records below its end. */
  private boolean needsFetch() {
    for (int t = 0; t < FeedTopic.COUNT; t++) {
      if (ahead[t].isEmpty() && !caughtUp(t)) {
        return true;
      }
    }
    return false;
  }

  /** The topic whose head comes first by (timestamp, topic, offset); -1 when all are drained. */
  private int earliestHead() {
    int best = -1;
    for (int t = 0; t < FeedTopic.COUNT; t++) {
      ConsumerRecord<byte[], byte[]> head = ahead[t].peek();
      if (head != null && (best < 0 || head.timestamp() < ahead[best].peek().timestamp())) {
        best = t; // ties keep the lower topic ordinal; within a topic, offsets are in order
      }
    }
    return best;
  }

  private void fetch() {
    List<TopicPartition> pause = new ArrayList<>();
    List<TopicPartition> resume = new ArrayList<>();
    for (int t = 0; t < FeedTopic.COUNT; t++) {
      (ahead[t].isEmpty() && !caughtUp(t) ? resume : pause).add(partitions[t]);
    }
    consumer.pause(pause);
    consumer.resume(resume);
    ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
    if (records.isEmpty()) {
      if (System.nanoTime() - lastProgressNanos > stallTimeout.toNanos()) {
        throw new IllegalStateException("replay of shop " + shopId + " made no progress for " + stallTimeout);
      }
      return;
    }
    lastProgressNanos = System.nanoTime();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      int t = FeedTopic.ofTopic(r.topic()).ordinal();
      if (r.offset() < end[t] && r.timestamp() >= minTimestamp && Arrays.equals(r.key(), key)) {
        ahead[t].add(r); // other shops' records are skipped undecoded
      }
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
