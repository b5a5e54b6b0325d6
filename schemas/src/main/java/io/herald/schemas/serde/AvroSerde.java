package io.herald.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for generated Avro classes using Avro single-object encoding
 * ({@code C3 01} + 8-byte CRC-64-AVRO fingerprint + body). The writer schema is resolved by
 * fingerprint among every shipped version of the record ({@link SchemaHistory}), so no registry
 * service is needed. Instances are thread-safe.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

  /** First byte of Confluent's registry framing; recognised so the error says what happened. */
  static final byte CONFLUENT_MAGIC = 0x00;

  private final Class<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private AvroSerde(Class<T> type) {
    this.type = type;
    SpecificData model = SpecificData.getForClass(type);
    Schema current = model.getSchema(type);
    SchemaStore.Cache store = new SchemaStore.Cache();
    SchemaHistory.versions(current.getName()).forEach(store::addSchema);
    store.addSchema(current);
    this.encoder = new BinaryMessageEncoder<>(model, current);
    this.decoder = new BinaryMessageDecoder<>(model, current, store);
  }

  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(type);
  }

  public Class<T> type() {
    return type;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null; // tombstone
    }
    try {
      ByteBuffer buf = encoder.encode(data);
      byte[] out = new byte[buf.remaining()];
      buf.get(out);
      return out;
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot encode " + type.getSimpleName() + " for " + topic, e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (bytes.length > 0 && bytes[0] == CONFLUENT_MAGIC) {
      throw new SerializationException("record on " + topic
          + " uses Confluent registry framing, which this deployment has no registry configured for");
    }
    try {
      return decoder.decode(bytes);
    } catch (MissingSchemaException e) {
      throw new SerializationException("unknown writer schema fingerprint on " + topic + " for "
          + type.getSimpleName(), e);
    } catch (BadHeaderException e) {
      throw new SerializationException("not Avro single-object encoding on " + topic, e);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot decode " + type.getSimpleName() + " on " + topic, e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // nothing to configure: schemas ship in this jar
  }

  @Override
  public void close() {
    // stateless: Kafka closes serializer and deserializer separately, both are this
  }
}
