package io.herald.embedded.kafka;

import static io.herald.embedded.kafka.KafkaTestClients.createTopic;
import static io.herald.embedded.kafka.KafkaTestClients.readCommitted;
import static io.herald.embedded.kafka.KafkaTestClients.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Herald's processors use exactly_once_v2; the single-node defaults must allow it. */
class ExactlyOnceStreamsTest {

  @Test
  void exactlyOnceV2TopologyRunsAndCommits(@TempDir Path stateDir) throws Exception {
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
      createTopic(kafka.bootstrapServers(), "eos-in", 2);
      createTopic(kafka.bootstrapServers(), "eos-out", 2);

      StreamsBuilder builder = new StreamsBuilder();
      builder.stream("eos-in", Consumed.with(Serdes.String(), Serdes.String()))
          .mapValues(v -> v.toUpperCase())
          .to("eos-out", Produced.with(Serdes.String(), Serdes.String()));
      Properties props = new Properties();
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, "eos-test");
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
      props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
      props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
      props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");

      try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
        streams.start();
        send(kafka.bootstrapServers(), "eos-in", "k", "checkout");

        // read_committed: visible only once the Streams transaction committed.
        assertThat(readCommitted(kafka.bootstrapServers(), "eos-out", 1, Duration.ofSeconds(60)))
            .extracting(ConsumerRecord::value).containsExactly("CHECKOUT");
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        streams.close(Duration.ofSeconds(30));
      }
    }
  }
}
