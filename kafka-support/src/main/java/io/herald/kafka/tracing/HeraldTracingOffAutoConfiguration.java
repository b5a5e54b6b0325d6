package io.herald.kafka.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Tracing off ({@code herald.tracing.enabled} false or absent): Micrometer's no-op tracer and no-op
 * propagator, declared before Boot's tracing auto-configuration so Boot makes neither its OpenTelemetry
 * tracer nor its propagator. Boot's own "off" (OpenTelemetry disabled) still gives an SDK tracer that
 * records every HTTP request's span and drops it; and with only the tracer no-op, Boot's OpenTelemetry
 * propagator still built an SDK span for every server request it extracted a context from (the
 * receiving handler goes through the propagator), which a live SSE stream or WebSocket kept for its
 * whole life. With both no-op the request observations make no spans at all.
 */
@AutoConfiguration(beforeName = {
    "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
    "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
    "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration"})
@ConditionalOnClass(name = "io.micrometer.tracing.Tracer")
@ConditionalOnProperty(prefix = "herald.tracing", name = "enabled", havingValue = "false", matchIfMissing = true)
public class HeraldTracingOffAutoConfiguration {

  @Bean
  Tracer heraldNoopTracer() {
    return Tracer.NOOP;
  }

  @Bean
  Propagator heraldNoopPropagator() {
    return Propagator.NOOP;
  }
}
