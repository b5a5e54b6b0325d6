package io.herald.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.events.CheckoutCompleted;
import io.herald.events.ConversationEvent;
import io.herald.events.LineItem;
import io.herald.events.MessageSent;
import io.herald.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  private final AvroSerde<CheckoutCompleted> serde = AvroSerde.of(CheckoutCompleted.class);

  static CheckoutCompleted checkout() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return CheckoutCompleted.newBuilder()
        .setEventId(UUID.randomUUID()).setOccurredAt(now).setShopId("shop-1").setCheckoutId("c-1")
        .setCustomerId("u-1").setItems(List.of(new LineItem("sku-1", "Tea", 2, 350L)))
        .setTotalMinor(700L).setCurrency("EUR").setReceivedAt(now).setChannel("web").build();
  }

  @Test
  void roundTripsWithSingleObjectEncoding() {
    CheckoutCompleted in = checkout();
    byte[] bytes = serde.serialize("checkouts", in);
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(serde.deserialize("checkouts", bytes)).isEqualTo(in);
  }

  @Test
  void roundTripsUnionPayloads() {
    AvroSerde<ConversationEvent> conv = AvroSerde.of(ConversationEvent.class);
    ConversationEvent in = ConversationEvent.newBuilder().setEventId(UUID.randomUUID())
        .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).setConversationId("c").setActorId("a")
        .setPayload(MessageSent.newBuilder().setMessageId("m").setClientMsgId("k").setBody("hi").build()).build();
    assertThat(conv.deserialize("conversations", conv.serialize("conversations", in))).isEqualTo(in);
  }

  @Test
  void readsRecordsWrittenWithThePastVersion() throws Exception {
    Schema v1 = SchemaHistory.versions("CheckoutCompleted").get(0);
    assertThat(v1.getField("channel")).isNull();
    GenericRecord old = new GenericRecordBuilder(v1)
        .set("event_id", UUID.randomUUID().toString()).set("occurred_at", 1_700_000_000_000L)
        .set("shop_id", "s").set("checkout_id", "c").set("customer_id", "u")
        .set("items", List.of(new GenericRecordBuilder(v1.getField("items").schema().getElementType())
            .set("sku", "k").set("name", "n").set("quantity", 1).set("unit_price_minor", 5L).build()))
        .set("total_minor", 5L).set("currency", "EUR").set("received_at", 1_700_000_000_000L).build();
    ByteBuffer buf = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
    byte[] bytes = new byte[buf.remaining()];
    buf.get(bytes);

    CheckoutCompleted read = serde.deserialize("checkouts", bytes);
    assertThat(read.getChannel()).isEqualTo("app");
    assertThat(read.getTotalMinor()).isEqualTo(5L);
  }

  @Test
  void pastReadersReadWhatIsWrittenNow() throws Exception {
    Schema v1 = SchemaHistory.versions("CheckoutCompleted").get(0);
    BinaryMessageDecoder<GenericRecord> oldReader = new BinaryMessageDecoder<>(GenericData.get(), v1);
    oldReader.addSchema(Topics.CHECKOUTS.valueType().getDeclaredConstructor().newInstance().getSchema());
    GenericRecord read = oldReader.decode(serde.serialize("checkouts", checkout()));
    assertThat(read.get("total_minor")).isEqualTo(700L);
    assertThat(read.hasField("channel")).isFalse();
  }

  @Test
  void garbageIsASerializationException() {
    assertThatThrownBy(() -> serde.deserialize("checkouts", "{\"not\":\"avro\"}".getBytes()))
        .isInstanceOf(SerializationException.class).hasMessageContaining("single-object");
  }

  @Test
  void unknownFingerprintIsASerializationException() {
    byte[] bytes = serde.serialize("checkouts", checkout());
    bytes[5] ^= 0x7F; // corrupt the fingerprint
    assertThatThrownBy(() -> serde.deserialize("checkouts", bytes))
        .isInstanceOf(SerializationException.class).hasMessageContaining("fingerprint");
  }

  @Test
  void truncatedBodyIsASerializationException() {
    byte[] bytes = serde.serialize("checkouts", checkout());
    byte[] cut = java.util.Arrays.copyOf(bytes, 14);
    assertThatThrownBy(() -> serde.deserialize("checkouts", cut)).isInstanceOf(SerializationException.class);
  }

  @Test
  void confluentFramingIsRecognised() {
    assertThatThrownBy(() -> serde.deserialize("checkouts", new byte[] {0, 0, 0, 0, 7, 2, 3}))
        .isInstanceOf(SerializationException.class).hasMessageContaining("Confluent");
  }

  @Test
  void nullIsATombstone() {
    assertThat(serde.serialize("checkouts", null)).isNull();
    assertThat(serde.deserialize("checkouts", null)).isNull();
  }
}
