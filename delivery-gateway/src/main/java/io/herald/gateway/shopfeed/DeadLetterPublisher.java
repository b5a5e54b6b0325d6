package io.herald.gateway.shopfeed;

import io.herald.schemas.dlq.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an undecodable shop record's raw bytes to its topic's {@code .dlq}, so a poison record is
 * kept for an operator instead of being dropped, and the live feed carries on. The producer is
 * made on first use: most gateways never see a poison record.
 */
public final class DeadLetterPublisher implements AutoCloseable {

  static final String STAGE = "delivery-gateway";
  private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

  private final Supplier<Producer<byte[], byte[]>> producerFactory;
  private final MeterRegistry meters;
  private volatile Producer<byte[], byte[]> producer;

  public DeadLetterPublisher(Supplier<Producer<byte[], byte[]>> producerFactory, MeterRegistry meters) {
    this.producerFactory = producerFactory;
    this.meters = meters;
  }

  /** Asynchronous: the live consumer never waits for the broker's acknowledgement. */
  public void publish(ConsumerRecord<byte[], byte[]> record, Exception error) {
    meters.counter("herald.gateway.feed.records.undecodable", "topic", record.topic()).increment();
    log.warn("undecodable record {}-{}@{} sent to {}{}: {}", record.topic(), record.partition(), record.offset(),
        record.topic(), DeadLetters.SUFFIX, error.toString());
    producer().send(DeadLetters.record(record.topic(), record.partition(), record.offset(), record.key(),
        record.value(), record.headers(), error, STAGE), (meta, failure) -> {
          if (failure != null) {
            meters.counter("herald.gateway.feed.dead-letters.failed", "topic", record.topic()).increment();
            log.error("could not dead-letter {}-{}@{}", record.topic(), record.partition(), record.offset(), failure);
          }
        });
  }

  private Producer<byte[], byte[]> producer() {
    Producer<byte[], byte[]> p = producer;
    if (p == null) {
      synchronized (this) {
        if (producer == null) {
          producer = producerFactory.get();
        }
        p = producer;
      }
    }
    return p;
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close();
      producer = null;
    }
  }
}
