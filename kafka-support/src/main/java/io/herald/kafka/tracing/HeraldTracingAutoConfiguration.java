package io.herald.kafka.tracing;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Hooks;

/**
 * The service's {@link RecordTracing}: {@link RecordTracing#OFF} unless {@code herald.tracing.enabled};
 * then Micrometer Tracing's tracer and propagator (fails the start when Boot made none, e.g. the
 * OpenTelemetry bridge is missing), and Reactor's automatic context propagation so that log lines
 * written inside a traced request carry its trace id (MDC) on whichever thread they run.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
    "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
    "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration"})
@EnableConfigurationProperties(TracingSettings.class)
public class HeraldTracingAutoConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.tracing.Tracer")
  @ConditionalOnProperty(prefix = "herald.tracing", name = "enabled", havingValue = "true")
  static class On {

    @Bean
    RecordTracing heraldRecordTracing(Tracer tracer, Propagator propagator, ObservationRegistry observations) {
      if (tracer == Tracer.NOOP || propagator == Propagator.NOOP) {
        throw new IllegalStateException("herald.tracing.enabled=true, but there is no tracer: the service needs "
            + "Micrometer Tracing's OpenTelemetry bridge, with management.opentelemetry.enabled and "
            + "management.tracing.export.enabled true");
      }
      Hooks.enableAutomaticContextPropagation();
      return new MicrometerRecordTracing(tracer, propagator, observations);
    }
  }

  @Bean
  @ConditionalOnMissingBean(RecordTracing.class)
  RecordTracing heraldRecordTracingOff() {
    return RecordTracing.OFF;
  }
}
