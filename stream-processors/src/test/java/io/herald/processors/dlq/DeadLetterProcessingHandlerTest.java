package io.herald.processors.dlq;

import io.herald.schemas.dlq.DeadLetters;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

/** A record that makes a processor throw is parked on the DLQ; the next record still flows. */
class DeadLetterProcessingHandlerTest {

  @Test
  void failingRecordGoesToDlqAndProcessingContinues() {
    StreamsBuilder b = new StreamsBuilder();
    b.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
        .mapValues(v -> {
          if (v.equals("boom")) {
            throw new IllegalStateException("cannot handle boom");
          }
          return v.toUpperCase();
        })
        .to("out", Produced.with(Serdes.String(), Serdes.String()));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "processing-dlq-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);

    try (TopologyTestDriver driver = new TopologyTestDriver(b.build(), props)) {
      TestInputTopic<String, String> in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
      TestOutputTopic<String, String> out = driver.createOutputTopic("out", Serdes.String().deserializer(), Serdes.String().deserializer());
      TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic("in.dlq", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
      in.pipeInput("k", "boom");
      in.pipeInput("k", "fine");
      assertThat(out.readValuesToList()).containsExactly("FINE");
      var dead = dlq.readRecordsToList();
      assertThat(dead).hasSize(1);
      assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("boom");
      assertThat(new String(dead.get(0).headers().lastHeader(DeadLetters.H_MESSAGE).value(), StandardCharsets.UTF_8))
          .contains("cannot handle boom");
    }
  }
}
