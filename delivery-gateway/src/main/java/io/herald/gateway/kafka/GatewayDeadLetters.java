package io.herald.gateway.kafka;

import io.herald.kafka.DeadLetterPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The gateway's readers' {@link DeadLetterPublisher}: stage {@value #STAGE}, counted per topic. */
public final class GatewayDeadLetters {

  public static final String STAGE = "delivery-gateway";

  private GatewayDeadLetters() {}

  /** A publisher whose producer ({@code clientId}) is made on first use. */
  public static DeadLetterPublisher publisher(KafkaClients clients, String clientId, MeterRegistry meters) {
    return new DeadLetterPublisher(() -> clients.producer(clientId), STAGE, new DeadLetterPublisher.Listener() {
      @Override
      public void publishing(ConsumerRecord<byte[], byte[]> record) {
        meters.counter("herald.gateway.feed.records.undecodable", "topic", record.topic()).increment();
      }

      @Override
      public void failed(ConsumerRecord<byte[], byte[]> record, Exception failure) {
        meters.counter("herald.gateway.feed.dead-letters.failed", "topic", record.topic()).increment();
      }
    });
  }
}
