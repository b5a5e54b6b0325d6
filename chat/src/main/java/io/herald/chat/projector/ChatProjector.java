package io.herald.chat.projector;

import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.chat.readmodel.ChatCollections;
import io.herald.chat.readmodel.Memberships;
import io.herald.schemas.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the chat read model ({@code conversations}, {@code messages}) up to date from
 * {@code delivery-state} and {@code inbox}: a plain consumer loop on its own thread, at-least-once.
 * Each polled batch (at most {@code max.poll.records}) is applied in full, waiting for MongoDB on
 * this thread, and only then committed; a failed batch is rewound and retried after a back-off.
 * Every write is idempotent and guarded against older data, so redelivery and replaying the topics
 * from the start leave the same documents. Undecodable records, and records MongoDB refuses, go raw
 * to {@code <topic>.dlq} and the loop continues.
 *
 * <p>The host starts and closes it and binds {@link #counters()} to its metrics registry.
 */
public final class ChatProjector implements AutoCloseable {

  public static final String GROUP_ID = "herald-chat-projector";

  private static final Logger log = LoggerFactory.getLogger(ChatProjector.class);

  private final Consumer<byte[], byte[]> consumer;
  private final DeadLetterSink deadLetters;
  private final MongoDatabase db;
  private final ProjectorSettings settings;
  private final Thread thread;
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final ProjectorCounters counters = new ProjectorCounters();
  private final BatchApplier applier;
  /** What this projector last committed per partition (poll thread only; bounded by the partitions it was given). */
  private final Map<TopicPartition, Long> committedUpTo = new HashMap<>();
  private volatile boolean started;

  /** @param consumerConfig connection settings ({@code bootstrap.servers}, security); group defaults to {@value #GROUP_ID} */
  public ChatProjector(Map<String, Object> consumerConfig, MongoDatabase db) {
    this(consumerConfig, db, ProjectorSettings.DEFAULTS);
  }

  public ChatProjector(Map<String, Object> consumerConfig, MongoDatabase db, ProjectorSettings settings) {
    this.db = db;
    this.settings = settings;
    this.consumer = new KafkaConsumer<>(consumerConfig(consumerConfig, settings),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.deadLetters = DeadLetterSink.connectedLike(consumerConfig);
    this.applier = new BatchApplier(new ProjectorWrites(db), deadLetters, counters, settings);
    this.thread = new Thread(this::run, "herald-chat-projector");
    this.thread.setDaemon(true);  // a host that forgets close() must still be able to exit; offsets make that safe
  }

  private static Map<String, Object> consumerConfig(Map<String, Object> given, ProjectorSettings settings) {
    Map<String, Object> config = new HashMap<>(given);
    config.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
    config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");  // a new group builds the model from the start
    config.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");  // the topology may write transactionally
    config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxBatch());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);  // we commit after the batch is written
    config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
    config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
    return config;
  }

  /** Starts the loop thread. Idempotent. */
  public synchronized void start() {
    if (!started && stopSignal.getCount() > 0) {
      started = true;
      thread.start();
    }
  }

  /** Stops the loop (waiting for the batch in progress) and closes the clients. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      stopSignal.countDown();
      if (!started) {
        closeClients();
        stopped.countDown();
        return;
      }
    }
    consumer.wakeup();
    try {
      if (!stopped.await(settings.batchTimeout().plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("chat projector did not stop in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Between {@link #start()} and the end of the loop (after {@link #close()} or a fatal error). */
  public boolean isRunning() {
    return started && stopped.getCount() > 0;
  }

  /** Counters for the host's metrics. */
  public ProjectorCounters counters() {
    return counters;
  }

  private void run() {
    try {
      Duration backoff = settings.minBackoff();
      while (!ensureIndexes()) {
        if (stopSignal.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
        backoff = next(backoff);
      }
      consumer.subscribe(List.of(Topics.DELIVERY_STATE.name(), Topics.INBOX.name()));
      backoff = settings.minBackoff();
      while (stopSignal.getCount() > 0) {
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(settings.pollTimeout());
        updateLag();
        if (batch.isEmpty()) {
          commitPastControlRecords(batch);
          continue;
        }
        try {
          applier.apply(batch);
          commit(batch);
          backoff = settings.minBackoff();
        } catch (WakeupException e) {
          throw e;
        } catch (RuntimeException e) {
          counters.countFailedBatch();
          log.warn("chat projector batch of {} records failed, retrying in {}: {}", batch.count(), backoff, e.toString());
          rewind(batch);
          if (stopSignal.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
            break;
          }
          backoff = next(backoff);
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("chat projector stopped", e);
    } finally {
      closeClients();
      stopped.countDown();
    }
  }

  /**
   * The unique index on (conversationId, seq) must exist before messages are written; the
   * memberships index is built from the conversations once (a read model older than it).
   */
  private boolean ensureIndexes() {
    try {
      ChatCollections.ensureIndexes(db).then(Memberships.backfillOnce(db)).block(settings.batchTimeout());
      return true;
    } catch (RuntimeException e) {
      log.warn("chat projector cannot create its indexes yet: {}", e.toString());
      return false;
    }
  }

  private Duration next(Duration backoff) {
    Duration doubled = backoff.multipliedBy(2);
    return doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
  }

  /**
   * Commits where the batch leaves each partition: the consumer's next offsets, which also step over
   * the transaction markers (control records) after the last record read, so a caught-up partition
   * of the transactional inbox commits its end. Committing last offset + 1 left every partition one
   * marker short of its end, and the gateways' stall watch (InboxRecall) took idle partitions for
   * stalled ones.
   */
  private void commit(ConsumerRecords<byte[], byte[]> batch) {
    Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>(batch.nextOffsets());
    for (TopicPartition tp : batch.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> records = batch.records(tp);
      next.putIfAbsent(tp, new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1));
    }
    commitSync(next);
  }

  /** A poll that returned only control records (a transaction's marker after its records): commit past them. */
  private void commitPastControlRecords(ConsumerRecords<byte[], byte[]> batch) {
    Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
    batch.nextOffsets().forEach((tp, offset) -> {
      Long done = committedUpTo.get(tp);
      if (done == null || offset.offset() > done) {
        next.put(tp, offset);
      }
    });
    if (!next.isEmpty()) {
      commitSync(next);
    }
  }

  private void commitSync(Map<TopicPartition, OffsetAndMetadata> next) {
    try {
      consumer.commitSync(next);
      next.forEach((tp, offset) -> committedUpTo.put(tp, offset.offset()));
    } catch (CommitFailedException e) {
      // Partitions moved meanwhile; their new owner re-applies from the last commit (idempotent).
      log.info("chat projector commit skipped after a rebalance: {}", e.getMessage());
    }
  }

  /** Seeks back to the batch's first offsets so the next poll returns it again. */
  private void rewind(ConsumerRecords<byte[], byte[]> batch) {
    for (TopicPartition tp : batch.partitions()) {
      if (consumer.assignment().contains(tp)) {
        consumer.seek(tp, batch.records(tp).get(0).offset());
      }
    }
  }

  private void updateLag() {
    long total = 0;
    for (TopicPartition tp : consumer.assignment()) {
      OptionalLong l = consumer.currentLag(tp);
      total += l.orElse(0);
    }
    counters.setLag(total);
  }

  private void closeClients() {
    try {
      // A static member (group.instance.id) stays in the group after a plain close until its session
      // times out, holding its partitions; a clean stop leaves so the next instance takes them at once.
      consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(Duration.ofSeconds(5)));
    } catch (RuntimeException e) {
      log.warn("closing the chat projector's consumer failed: {}", e.toString());
    }
    deadLetters.close();
  }
}
