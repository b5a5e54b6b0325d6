package io.herald.processors;

import io.herald.kafka.tracing.MicrometerRecordTracing;
import io.herald.kafka.tracing.RecordTracing;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A real OpenTelemetry SDK tracer behind Micrometer's bridge, W3C propagation, ended spans kept in
 * memory: {@link RecordTracing} as the services run it, for topology tests.
 */
public final class TestTracing implements AutoCloseable {

  public static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  public static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

  private final List<SpanData> ended = new CopyOnWriteArrayList<>();
  private final SdkTracerProvider provider;
  private final RecordTracing tracing;

  public TestTracing() {
    provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        ended.addAll(spans);
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    })).build();
    io.opentelemetry.api.trace.Tracer otel = provider.get("herald-test");
    OtelTracer tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), event -> { });
    tracing = new MicrometerRecordTracing(tracer,
        new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel),
        ObservationRegistry.create());
  }

  public RecordTracing tracing() {
    return tracing;
  }

  public List<SpanData> ended() {
    return List.copyOf(ended);
  }

  /** Headers of a record sent inside the sampled span {@link #PARENT_SPAN_ID} of trace {@link #TRACE_ID}. */
  public static Headers traced() {
    return new RecordHeaders().add("traceparent",
        ("00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01").getBytes(StandardCharsets.UTF_8));
  }

  /** The record's {@code traceparent}, or null. */
  public static String traceparent(Headers headers) {
    Header h = headers.lastHeader("traceparent");
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    provider.close();
  }
}
