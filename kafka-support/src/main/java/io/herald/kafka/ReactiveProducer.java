package io.herald.kafka;

import io.herald.kafka.tracing.RecordTracing;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The one producer → {@link Mono} bridge: completes with the broker's acknowledgement, bridged from the
 * send callback (never a blocking {@code get()}). {@code send} runs on bounded-elastic because it can
 * block up to {@code max.block.ms} (metadata, full buffer), which must never happen on an event loop;
 * the result is handed off the producer's I/O thread, which must stay free to send.
 *
 * <p>It is also the one place that writes trace context into records ({@link #send(Producer,
 * ProducerRecord, RecordTracing)}): the caller's span, taken from the Reactor context at subscription.
 */
public final class ReactiveProducer {

  private ReactiveProducer() {}

  /**
   * As {@link #send(Producer, ProducerRecord)}, the record first given the current trace context's
   * headers when {@code tracing} is on (off: exactly the untraced send). On, each subscription sends
   * a copy of {@code record} with its own headers: a sent record's headers are read-only, so a
   * resubscribed (retried) send must not write into them.
   */
  public static <K, V> Mono<RecordMetadata> send(Producer<K, V> producer, ProducerRecord<K, V> record,
                                                 RecordTracing tracing) {
    if (!tracing.enabled()) {
      return send(producer, record);
    }
    return Mono.deferContextual(context -> {
      ProducerRecord<K, V> traced = new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(),
          record.key(), record.value(), new RecordHeaders(record.headers().toArray()));
      tracing.inject(context, traced.headers());
      return send(producer, traced);
    });
  }

  public static <K, V> Mono<RecordMetadata> send(Producer<K, V> producer, ProducerRecord<K, V> record) {
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
}
