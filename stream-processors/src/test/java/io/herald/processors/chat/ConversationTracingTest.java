package io.herald.processors.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.events.Delivery;
import io.herald.events.MessageSent;
import io.herald.processors.TestTracing;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The conversation topology continues a message's trace: one span per event, carried by its deliveries. */
class ConversationTracingTest {

  @Test
  void deliveriesCarryTheProcessorSpanOfTheMessagesTrace() {
    try (TestTracing tracing = new TestTracing();
         ChatFixture chat = new ChatFixture(ConversationLimits.DEFAULTS, StreamsConfig.EXACTLY_ONCE_V2, new Properties(),
             tracing.tracing())) {
      chat.createDirect("c1", "ann", List.of("ann", "bob"));
      chat.drain();
      chat.pipe("c1", "ann", new MessageSent("m-1", "cm-1", "dev-1", "text/plain", "hi"), TestTracing.traced());

      List<TestRecord<String, Delivery>> deliveries = chat.inbox.readRecordsToList();
      assertThat(deliveries).extracting(TestRecord::key).containsExactlyInAnyOrder("ann", "bob");
      List<SpanData> spans = tracing.ended().stream().filter(s -> s.getName().equals("conversation-events")).toList();
      assertThat(spans).as("one span, for the traced event only (the untraced create made none)").hasSize(1);
      SpanData span = spans.get(0);
      assertThat(span.getTraceId()).isEqualTo(TestTracing.TRACE_ID);
      assertThat(span.getParentSpanId()).isEqualTo(TestTracing.PARENT_SPAN_ID);
      for (TestRecord<String, Delivery> d : deliveries) {
        assertThat(TestTracing.traceparent(d.headers())).as("delivery to %s", d.key())
            .isEqualTo("00-" + TestTracing.TRACE_ID + "-" + span.getSpanId() + "-01");
      }
      assertThat(chat.deliveryState.readRecordsToList()).allSatisfy(r ->
          assertThat(TestTracing.traceparent(r.headers())).contains(span.getSpanId()));
    }
  }

  @Test
  void withTracingOffHeadersPassThroughUntouched() {
    try (ChatFixture chat = new ChatFixture()) {
      chat.createDirect("c1", "ann", List.of("ann", "bob"));
      chat.drain();
      chat.pipe("c1", "ann", new MessageSent("m-1", "cm-1", "dev-1", "text/plain", "hi"), TestTracing.traced());
      assertThat(chat.inbox.readRecordsToList()).allSatisfy(r -> assertThat(TestTracing.traceparent(r.headers()))
          .as("the producer's context, no span of ours").endsWith(TestTracing.PARENT_SPAN_ID + "-01"));
    }
  }
}
