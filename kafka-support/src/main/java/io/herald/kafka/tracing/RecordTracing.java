package io.herald.kafka.tracing;

import org.apache.kafka.common.header.Headers;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Trace context in Kafka record headers (W3C {@code traceparent}): written by the one producer bridge
 * ({@link io.herald.kafka.ReactiveProducer}), continued by whoever reads the record. {@link #OFF}
 * (the default, {@code herald.tracing.enabled=false}) does nothing: callers test {@link #enabled()}
 * and take their untraced path, so tracing off costs one boolean check per record.
 *
 * <p>Consumers continue traces, they never start them: a record without trace headers is handled
 * without a span, so background records (presence, heartbeats) make no traces of their own.
 */
public interface RecordTracing {

  /** No tracing: nothing injected, no span made. */
  RecordTracing OFF = new RecordTracing() {
    @Override
    public boolean enabled() {
      return false;
    }

    @Override
    public void inject(ContextView context, Headers headers) {}

    @Override
    public void continueTrace(String spanName, Headers headers, boolean propagate, Runnable work) {
      work.run();
    }

    @Override
    public <T> Mono<T> newTrace(String spanName, Mono<T> work) {
      return work;
    }
  };

  boolean enabled();

  /**
   * Writes the current span's context into {@code headers} (replacing any there): the span of
   * the observation in the Reactor {@code context} (the HTTP request's, or {@link #newTrace}'s), else
   * the thread's current span. Nothing when there is none.
   */
  void inject(ContextView context, Headers headers);

  /**
   * Runs {@code work} in a span named {@code spanName}, child of the context in {@code headers}
   * (its trace id in the thread's MDC meanwhile); with {@code propagate}, {@code headers} then carry
   * the new span's context, so records made from them continue from this span. Without trace headers:
   * runs {@code work} alone.
   */
  void continueTrace(String spanName, Headers headers, boolean propagate, Runnable work);

  /**
   * {@code work} in the root span of a new trace (not a child of whatever is current, e.g. a
   * WebSocket's handshake request), which {@link #inject} and the log lines of {@code work} see.
   */
  <T> Mono<T> newTrace(String spanName, Mono<T> work);
}
