package io.herald.processors.dlq;

import io.herald.schemas.dlq.DeadLetters;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.events.CheckoutCompleted;
import io.herald.events.LineItem;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** A poison record reaches the source topic's DLQ untouched, and later records still flow. */
class DeadLetterDeserializationHandlerTest {

  @Test
  void poisonRecordGoesToDlqAndProcessingContinues() {
    StreamsBuilder b = new StreamsBuilder();
    b.stream(Topics.CHECKOUTS.name(), Consumed.with(Topics.CHECKOUTS.keySerde(), Topics.CHECKOUTS.valueSerde()))
        .mapValues(CheckoutCompleted::getCheckoutId)
        .to("out", Produced.with(Serdes.String(), Serdes.String()));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dlq-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);

    try (TopologyTestDriver driver = new TopologyTestDriver(b.build(), props)) {
      TestInputTopic<String, byte[]> in = driver.createInputTopic(Topics.CHECKOUTS.name(), new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, String> out = driver.createOutputTopic("out", Serdes.String().deserializer(), Serdes.String().deserializer());
      TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic(Topics.CHECKOUTS.dlq(),
          Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());

      byte[] poison = "not avro".getBytes(StandardCharsets.UTF_8);
      in.pipeInput("shop-1", poison);
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      in.pipeInput("shop-1", Topics.CHECKOUTS.valueSerde().serializer().serialize("checkouts",
          CheckoutCompleted.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now).setShopId("shop-1")
              .setCheckoutId("good").setCustomerId("u").setItems(List.of(new LineItem("k", "n", 1, 1L)))
              .setTotalMinor(1L).setCurrency("EUR").setReceivedAt(now).build()));

      assertThat(out.readValuesToList()).containsExactly("good");
      List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
      assertThat(dead).hasSize(1);
      assertThat(dead.get(0).value()).isEqualTo(poison);
      assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("shop-1");
      assertThat(new String(dead.get(0).headers().lastHeader(DeadLetters.H_TOPIC).value(), StandardCharsets.UTF_8))
          .isEqualTo("checkouts");
      assertThat(new String(dead.get(0).headers().lastHeader(DeadLetters.H_MESSAGE).value(), StandardCharsets.UTF_8))
          .contains("single-object");
    }
  }
}
