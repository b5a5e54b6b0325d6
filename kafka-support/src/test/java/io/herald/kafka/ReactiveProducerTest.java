package io.herald.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.kafka.tracing.RecordTracing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.header.Headers;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ReactiveProducerTest {

  @Test
  void completesWithTheAcknowledgementOrTheErrorOffTheCallersThread() {
    MockProducer<String, String> producer = new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
    var sent = ReactiveProducer.wrap(producer).send(new ProducerRecord<>("t", "k", "v")).toFuture();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
    assertThat(sent).isNotDone();
    producer.completeNext();
    RecordMetadata metadata = sent.join();
    assertThat(metadata.topic()).isEqualTo("t");

    var failed = ReactiveProducer.wrap(producer).send(new ProducerRecord<>("t", "k", "v")).toFuture();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 2);
    producer.errorNext(new IllegalStateException("broker says no"));
    assertThatThrownBy(failed::join).hasRootCauseMessage("broker says no");
  }

  /** Writes the context's "trace" entry as traceparent: stands in for Micrometer's propagator. */
  private static final RecordTracing FROM_CONTEXT = new RecordTracing() {
    @Override
    public boolean enabled() {
      return true;
    }

    @Override
    public void inject(ContextView context, Headers headers) {
      context.<String>getOrEmpty("trace").ifPresent(t -> {
        headers.remove("traceparent");
        headers.add("traceparent", t.getBytes(StandardCharsets.UTF_8));
      });
    }

    @Override
    public void continueTrace(String spanName, Headers headers, boolean propagate, Runnable work) {
      work.run();
    }

    @Override
    public <T> Mono<T> newTrace(String spanName, Mono<T> work) {
      return work;
    }
  };

  @Test
  void tracedSendsCarryTheSubscribersContextAndCanBeRetried() {
    MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    ProducerRecord<String, String> record = new ProducerRecord<>("t", "k", "v");
    Mono<RecordMetadata> send = ReactiveProducer.wrap(producer).send(record, FROM_CONTEXT).contextWrite(c -> c.put("trace", "00-a-b-01"));
    send.block(Duration.ofSeconds(10));
    send.block(Duration.ofSeconds(10)); // a retry: the first record's headers are read-only by now

    assertThat(producer.history()).hasSize(2).allSatisfy(r ->
        assertThat(new String(r.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8)).isEqualTo("00-a-b-01"));
    assertThat(record.headers().toArray()).as("the caller's record is left as it was").isEmpty();

    ReactiveProducer.wrap(producer).send(new ProducerRecord<>("t", "k", "v"), RecordTracing.OFF)
        .contextWrite(c -> c.put("trace", "00-a-b-01")).block(Duration.ofSeconds(10));
    assertThat(producer.history().get(2).headers().toArray()).as("tracing off writes no header").isEmpty();
  }
}
