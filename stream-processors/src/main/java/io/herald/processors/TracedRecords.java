package io.herald.processors;

import io.herald.kafka.tracing.RecordTracing;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A topology's span: the record's trace (its {@code traceparent} header) continued by a span around
 * the topology's processing, whose context replaces the record's, so every record forwarded from it
 * (which keeps its input's headers) carries the processor span to the output topics. Used only when
 * tracing is on: off, topologies are built without it. Which Streams operations keep headers:
 * docs/architecture.md, "Tracing".
 */
public final class TracedRecords {

  private TracedRecords() {}

  /** {@code supplier}'s processor, its records processed inside the span {@code spanName}; unchanged when off. */
  public static <KI, VI, KO, VO> ProcessorSupplier<KI, VI, KO, VO> processor(
      RecordTracing tracing, String spanName, ProcessorSupplier<KI, VI, KO, VO> supplier) {
    if (!tracing.enabled()) {
      return supplier;
    }
    return () -> new TracedProcessor<>(tracing, spanName, supplier.get());
  }

  /** A DSL step ({@code processValues}) that forwards each record inside the span {@code spanName}. */
  public static <K, V> FixedKeyProcessorSupplier<K, V, V> step(RecordTracing tracing, String spanName) {
    return () -> new Step<>(tracing, spanName);
  }

  /** A copy: the consumer record's headers are not ours to change. */
  private static Headers copy(Headers headers) {
    return new RecordHeaders(headers.toArray());
  }

  private static final class TracedProcessor<KI, VI, KO, VO> implements Processor<KI, VI, KO, VO> {
    private final RecordTracing tracing;
    private final String spanName;
    private final Processor<KI, VI, KO, VO> delegate;

    TracedProcessor(RecordTracing tracing, String spanName, Processor<KI, VI, KO, VO> delegate) {
      this.tracing = tracing;
      this.spanName = spanName;
      this.delegate = delegate;
    }

    @Override
    public void init(ProcessorContext<KO, VO> context) {
      delegate.init(context);
    }

    @Override
    public void process(Record<KI, VI> record) {
      Headers headers = copy(record.headers());
      tracing.continueTrace(spanName, headers, true, () -> delegate.process(record.withHeaders(headers)));
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  private static final class Step<K, V> implements FixedKeyProcessor<K, V, V> {
    private final RecordTracing tracing;
    private final String spanName;
    private FixedKeyProcessorContext<K, V> context;

    Step(RecordTracing tracing, String spanName) {
      this.tracing = tracing;
      this.spanName = spanName;
    }

    @Override
    public void init(FixedKeyProcessorContext<K, V> context) {
      this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<K, V> record) {
      Headers headers = copy(record.headers());
      tracing.continueTrace(spanName, headers, true, () -> context.forward(record.withHeaders(headers)));
    }
  }
}
