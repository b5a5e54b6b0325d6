package io.herald.chat.support;

import io.herald.schemas.topics.TopicSpec;
import io.herald.testkit.HeraldInfra;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** One producer for a test class (a producer per record, as KafkaProbe does, is slow for many records). */
public final class TopicWriter implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
      ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, HeraldInfra.kafkaBootstrapServers(),
      ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());

  public <V> RecordMetadata send(TopicSpec<String, V> topic, String key, V value) {
    byte[] bytes = value == null ? null : topic.valueSerde().serializer().serialize(topic.name(), value);
    return sendRaw(topic.name(), key, bytes);
  }

  public RecordMetadata sendRaw(String topic, String key, byte[] value) {
    try {
      return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot send to " + topic, e);
    }
  }

  /** The shared producer, e.g. for {@code ChatEventSender.of}. */
  public KafkaProducer<String, byte[]> producer() {
    return producer;
  }

  @Override
  public void close() {
    producer.close();
  }
}
