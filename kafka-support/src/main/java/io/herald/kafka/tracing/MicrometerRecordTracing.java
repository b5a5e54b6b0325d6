package io.herald.kafka.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * {@link RecordTracing} through Micrometer Tracing (the OpenTelemetry bridge in Herald's services):
 * the {@link Propagator} writes and reads the headers ({@code traceparent} with Boot's default W3C
 * propagation), spans are exported by whatever exporter Boot configured (OTLP). At DEBUG it logs each
 * injection and continuation, inside the trace (so with its trace id in the log pattern).
 */
public final class MicrometerRecordTracing implements RecordTracing {

  private static final Logger log = LoggerFactory.getLogger(MicrometerRecordTracing.class);

  private static final Propagator.Setter<Headers> SETTER = (headers, key, value) -> {
    if (headers != null) {
      headers.remove(key);
      headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
  };
  private static final Propagator.Getter<Headers> GETTER = (headers, key) -> {
    Header h = headers.lastHeader(key);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  };

  private final Tracer tracer;
  private final Propagator propagator;
  private final ObservationRegistry observations;
  private final List<String> fields;

  public MicrometerRecordTracing(Tracer tracer, Propagator propagator, ObservationRegistry observations) {
    this.tracer = Objects.requireNonNull(tracer);
    this.propagator = Objects.requireNonNull(propagator);
    this.observations = Objects.requireNonNull(observations);
    this.fields = List.copyOf(propagator.fields());
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public void inject(ContextView context, Headers headers) {
    Span span = current(context);
    if (span != null) {
      propagator.inject(span.context(), headers, SETTER);
      log.debug("trace context written into a record");
    }
  }

  @Override
  public void continueTrace(String spanName, Headers headers, boolean propagate, Runnable work) {
    if (!carriesTrace(headers)) {
      work.run();
      return;
    }
    Span span = propagator.extract(headers, GETTER).name(spanName).kind(Span.Kind.CONSUMER).start();
    try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
      if (propagate) {
        propagator.inject(span.context(), headers, SETTER);
      }
      log.debug("trace continued by {}", spanName);
      work.run();
    } catch (RuntimeException | Error e) {
      span.error(e);
      throw e;
    } finally {
      span.end();
    }
  }

  @Override
  public <T> Mono<T> newTrace(String spanName, Mono<T> work) {
    return Mono.defer(() -> {
      // an observation, not a bare span: Reactor's context propagation then puts it in scope (MDC) wherever work runs
      // (its metric, when the registry records observations as timers: herald.trace.root, tag span)
      Observation observation = Observation.createNotStarted("herald.trace.root", observations)
          .contextualName(spanName).lowCardinalityKeyValue("span", spanName).parentObservation(null);
      try (Tracer.SpanInScope none = tracer.withSpan(null)) { // no parent from the thread either
        observation.start();
      }
      return work
          .doOnError(observation::error)
          .doFinally(signal -> observation.stop())
          .contextWrite(c -> c.put(ObservationThreadLocalAccessor.KEY, observation));
    });
  }

  private boolean carriesTrace(Headers headers) {
    for (String field : fields) {
      if (headers.lastHeader(field) != null) {
        return true;
      }
    }
    return false;
  }

  private Span current(ContextView context) {
    Observation observation = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
    if (observation != null) {
      TracingObservationHandler.TracingContext tracing =
          observation.getContextView().get(TracingObservationHandler.TracingContext.class);
      if (tracing != null && tracing.getSpan() != null) {
        return tracing.getSpan();
      }
    }
    return tracer.currentSpan();
  }
}
