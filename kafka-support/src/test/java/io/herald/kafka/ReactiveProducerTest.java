package io.herald.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ReactiveProducerTest {

  @Test
  void completesWithTheAcknowledgementOrTheErrorOffTheCallersThread() {
    MockProducer<String, String> producer = new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
    var sent = ReactiveProducer.send(producer, new ProducerRecord<>("t", "k", "v")).toFuture();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
    assertThat(sent).isNotDone();
    producer.completeNext();
    RecordMetadata metadata = sent.join();
    assertThat(metadata.topic()).isEqualTo("t");

    var failed = ReactiveProducer.send(producer, new ProducerRecord<>("t", "k", "v")).toFuture();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 2);
    producer.errorNext(new IllegalStateException("broker says no"));
    assertThatThrownBy(failed::join).hasRootCauseMessage("broker says no");
  }
}
