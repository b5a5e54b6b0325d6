package io.herald.processors.shopstats;

import io.herald.events.CheckoutCompleted;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of a checkout is its {@code occurred_at}, not the record timestamp: the ingest API
 * sets both to the same instant today, but a producer that replays or forwards checkouts (a
 * backfill, MirrorMaker with its own timestamps) must still land them in the minute they happened.
 * Anything else falls back to the record timestamp.
 */
public final class CheckoutTimestampExtractor implements TimestampExtractor {

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    if (record.value() instanceof CheckoutCompleted checkout && checkout.getOccurredAt() != null) {
      return checkout.getOccurredAt().toEpochMilli();
    }
    return record.timestamp();
  }
}
