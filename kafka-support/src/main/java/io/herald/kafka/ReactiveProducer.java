package io.herald.kafka;

import io.herald.kafka.tracing.RecordTracing;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The one producer → {@link Mono} bridge: completes with the broker's acknowledgement, bridged from the
 * send callback (never a blocking {@code get()}). It is also the one place that writes trace context
 * into records ({@link #send(ProducerRecord, RecordTracing)}).
 *
 * <p>{@link #create Created here}, the producer never blocks ({@code max.block.ms=0}): {@code send}
 * runs on the caller's thread, an event loop included, and when the producer has no metadata for the
 * topic yet or no buffer space, the bridge tries again on a timer (1 ms doubling to 64 ms) until the
 * configured {@code maxBlock} has passed, then fails with Kafka's {@link TimeoutException}. The
 * acknowledgement is handed off the producer's I/O thread to the event loop the send came from
 * ({@link CallerEventLoop}; Reactor's parallel scheduler otherwise), where WebFlux writes the answer:
 * two thread hand-offs per record instead of four (bounded-elastic for {@code send}, parallel for the
 * result, then the event loop for the write).
 *
 * <p>{@link #wrap Wrapped}, a producer made elsewhere (which may block up to its own
 * {@code max.block.ms}) sends on bounded-elastic, never on the caller's thread.
 */
public final class ReactiveProducer<K, V> implements AutoCloseable {

  private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long MAX_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(64);
  private static final Duration METADATA_POLL = Duration.ofMillis(10);

  private final Producer<K, V> producer;
  /** Null: the producer may block, so {@code send} goes to bounded-elastic. */
  private final Duration maxBlock;

  private ReactiveProducer(Producer<K, V> producer, Duration maxBlock) {
    this.producer = Objects.requireNonNull(producer);
    this.maxBlock = maxBlock;
  }

  /**
   * A {@link KafkaProducer} from {@code config} that never blocks its caller ({@code max.block.ms} is
   * set to 0, whatever {@code config} says); sends wait up to {@code maxBlock} for metadata or buffer
   * space without holding a thread.
   */
  public static <K, V> ReactiveProducer<K, V> create(Map<String, Object> config, Serializer<K> keys, Serializer<V> values,
                                                     Duration maxBlock) {
    if (maxBlock.isNegative()) {
      throw new IllegalArgumentException("maxBlock must not be negative: " + maxBlock);
    }
    Map<String, Object> nonBlocking = new HashMap<>(config);
    nonBlocking.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
    return new ReactiveProducer<>(new KafkaProducer<>(nonBlocking, keys, values), maxBlock);
  }

  /** A producer made elsewhere (it may block): each {@code send} runs on bounded-elastic. */
  public static <K, V> ReactiveProducer<K, V> wrap(Producer<K, V> producer) {
    return new ReactiveProducer<>(producer, null);
  }

  /** The producer itself (metrics, tests). Its {@code send} must not be called on an event loop. */
  public Producer<K, V> producer() {
    return producer;
  }

  /**
   * As {@link #send(ProducerRecord)}, the record first given the current trace context's headers when
   * {@code tracing} is on (off: exactly the untraced send). On, each subscription sends a copy of
   * {@code record} with its own headers: a sent record's headers are read-only, so a resubscribed
   * (retried) send must not write into them.
   */
  public Mono<RecordMetadata> send(ProducerRecord<K, V> record, RecordTracing tracing) {
    if (!tracing.enabled()) {
      return send(record);
    }
    return Mono.deferContextual(context -> {
      ProducerRecord<K, V> traced = new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(),
          record.key(), record.value(), new RecordHeaders(record.headers().toArray()));
      tracing.inject(context, traced.headers());
      return send(traced);
    });
  }

  /** Completes with the broker's acknowledgement of {@code record}, or its error. */
  public Mono<RecordMetadata> send(ProducerRecord<K, V> record) {
    if (maxBlock == null) {
      return Mono.<RecordMetadata>create(sink -> producer.send(record, (metadata, error) -> {
            if (error != null) {
              sink.error(error);
            } else {
              sink.success(metadata);
            }
          }))
          .subscribeOn(Schedulers.boundedElastic())
          .publishOn(Schedulers.parallel());
    }
    return Mono.create(sink -> {
      Attempts attempts = new Attempts(record, sink, CallerEventLoop.current());
      sink.onCancel(attempts::cancel);
      attempts.next();
    });
  }

  /**
   * The topic's partitions, fetching its metadata if needed: with a producer {@link #create created
   * here} waits up to {@code maxBlock} on a timer, never on a thread; wrapped, on bounded-elastic.
   */
  public Mono<List<PartitionInfo>> partitionsFor(String topic) {
    Mono<List<PartitionInfo>> once = Mono.fromCallable(() -> producer.partitionsFor(topic));
    if (maxBlock == null) {
      return once.subscribeOn(Schedulers.boundedElastic());
    }
    return Mono.defer(() -> {
      long deadline = System.nanoTime() + maxBlock.toNanos();
      return once.retryWhen(Retry.from(signals -> signals.concatMap(signal -> {
        if (!(signal.failure() instanceof TimeoutException t)) {
          return Mono.error(signal.failure());
        }
        return System.nanoTime() - deadline < 0 ? Mono.delay(METADATA_POLL) : Mono.error(timedOut(topic, t));
      })));
    });
  }

  @Override
  public void close() {
    producer.close();
  }

  private TimeoutException timedOut(String topic, TimeoutException last) {
    return new TimeoutException("no metadata or buffer space for topic " + topic + " within " + maxBlock.toMillis()
        + " ms (the producer's max-block)", last);
  }

  /**
   * One record's sends: the first on the subscriber's thread; when the producer had no metadata or
   * buffer space (it failed the send at once, on this thread), again after a back-off on parallel.
   */
  private final class Attempts implements Callback {
    private final ProducerRecord<K, V> record;
    private final MonoSink<RecordMetadata> sink;
    private final Executor resultOn;
    private final long deadline;
    private long backoff = FIRST_RETRY_NANOS;
    /** The thread inside {@code send} while it runs: a callback on it means the record never left. */
    private Thread sending;
    private TimeoutException refused;
    private volatile boolean cancelled;

    Attempts(ProducerRecord<K, V> record, MonoSink<RecordMetadata> sink, Executor resultOn) {
      this.record = record;
      this.sink = sink;
      this.resultOn = resultOn;
      this.deadline = System.nanoTime() + maxBlock.toNanos();
    }

    void cancel() {
      cancelled = true; // a send not yet accepted is not tried again; one accepted goes on (it cannot be recalled)
    }

    void next() {
      if (cancelled) {
        return;
      }
      refused = null;
      sending = Thread.currentThread();
      try {
        producer.send(record, this);
      } catch (RuntimeException e) { // not an API error: closed producer, interrupted, serializer bug
        sending = null;
        sink.error(e);
        return;
      }
      sending = null;
      TimeoutException again = refused;
      if (again == null) {
        return;
      }
      long now = System.nanoTime();
      if (now - deadline >= 0) {
        sink.error(timedOut(record.topic(), again));
        return;
      }
      long wait = Math.min(backoff, deadline - now);
      backoff = Math.min(backoff * 2, MAX_RETRY_NANOS);
      try {
        Schedulers.parallel().schedule(this::next, wait, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        sink.error(again);
      }
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception error) {
      if (error instanceof TimeoutException t && sending == Thread.currentThread()) {
        refused = t; // no metadata yet, or the buffer is full (max.block.ms=0): try again, see next()
        return;
      }
      if (resultOn == null) {
        Schedulers.parallel().schedule(() -> complete(metadata, error));
        return;
      }
      try {
        resultOn.execute(() -> complete(metadata, error));
      } catch (RejectedExecutionException e) { // the event loop is shutting down
        Schedulers.parallel().schedule(() -> complete(metadata, error));
      }
    }

    private void complete(RecordMetadata metadata, Exception error) {
      if (error != null) {
        sink.error(error);
      } else {
        sink.success(metadata);
      }
    }
  }
}
