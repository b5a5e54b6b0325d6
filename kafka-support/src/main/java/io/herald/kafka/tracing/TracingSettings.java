package io.herald.kafka.tracing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code herald.tracing.enabled} (default false): one trace per event across the services, exported
 * by Boot's OTLP exporter ({@code management.opentelemetry.tracing.export.otlp.endpoint}). Each
 * service's config file turns Boot's tracing and OpenTelemetry SDK on and off with it.
 */
@ConfigurationProperties("herald.tracing")
public record TracingSettings(@DefaultValue("false") boolean enabled) {}
