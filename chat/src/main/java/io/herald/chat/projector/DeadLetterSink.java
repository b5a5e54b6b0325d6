package io.herald.chat.projector;

import io.herald.kafka.DeadLetterPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Dead letters of one batch, through the shared {@link DeadLetterPublisher}. Used only on its
 * owner's thread (the projector's; the presence topology's global thread for gateway heartbeats); {@link #awaitAll} must succeed before the batch's offsets are committed,
 * so a poison record is never dropped silently.
 */
public final class DeadLetterSink implements AutoCloseable {

  static final String STAGE_DECODE = "chat-projector:decode";
  static final String STAGE_APPLY = "chat-projector:apply";

  private final DeadLetterPublisher publisher;
  private final List<Future<RecordMetadata>> pending = new ArrayList<>();

  public DeadLetterSink(DeadLetterPublisher publisher) {
    this.publisher = publisher;
  }

  /** A producer that reaches the same cluster, with the same security settings, as the consumer. */
  public static DeadLetterSink connectedLike(Map<String, Object> consumerConfig) {
    Map<String, Object> config = DeadLetterPublisher.producerConfigLike(consumerConfig);
    return new DeadLetterSink(new DeadLetterPublisher(
        () -> new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()), STAGE_DECODE,
        DeadLetterPublisher.Listener.NONE));
  }

  public void send(ConsumerRecord<byte[], byte[]> r, Exception error, String stage) {
    pending.add(publisher.publish(r, error, stage));
  }

  /** Waits for every send since the last call; throws if any failed (the batch is then retried). */
  public void awaitAll(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (Future<RecordMetadata> f : pending) {
        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot write to the dead-letter topic", e);
    } finally {
      pending.clear();
    }
  }

  @Override
  public void close() {
    publisher.close();
  }
}
