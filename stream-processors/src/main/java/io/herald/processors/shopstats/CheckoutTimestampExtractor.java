package io.herald.processors.shopstats;

import io.herald.events.CheckoutCompleted;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of a checkout is the client's {@code occurred_at}, clamped to the ingest API's
 * {@code received_at}: a sale cannot have happened after the server received it. So a client whose
 * clock runs fast lands in the minute it was received and can never push the partition's stream
 * time past the server's clock (which would close every other shop's current window early), while
 * a checkout replayed from an offline phone keeps its own, earlier minute. Records without a
 * checkout value fall back to the record timestamp.
 */
public final class CheckoutTimestampExtractor implements TimestampExtractor {

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    if (record.value() instanceof CheckoutCompleted checkout && checkout.getOccurredAt() != null) {
      long occurred = checkout.getOccurredAt().toEpochMilli();
      return checkout.getReceivedAt() == null ? occurred : Math.min(occurred, checkout.getReceivedAt().toEpochMilli());
    }
    return record.timestamp();
  }
}
