package io.herald.gateway.shopfeed;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import tools.jackson.databind.json.JsonMapper;

/** Decodes a shop record's Avro value and renders its JSON view: done once per record. */
public final class FeedDecoder {

  private final JsonMapper json;

  public FeedDecoder(JsonMapper json) {
    this.json = json;
  }

  /**
   * The event, or null for a tombstone.
   *
   * @throws SerializationException when the value is not a readable record of the topic's contract
   */
  public FeedEvent decode(FeedTopic topic, String shopId, ConsumerRecord<byte[], byte[]> record) {
    SpecificRecord value = topic.spec().valueSerde().deserializer()
        .deserialize(record.topic(), record.headers(), record.value());
    if (value == null) {
      return null;
    }
    return new FeedEvent(topic, record.partition(), record.offset(), record.timestamp(), shopId,
        json.writeValueAsString(ShopFeedViews.of(value)));
  }
}
