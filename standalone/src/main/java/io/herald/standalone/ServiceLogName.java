package io.herald.standalone;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import java.util.Map;

/**
 * {@code %service} in the standalone run's log pattern: which service a line comes from, by the
 * logger's package, else by the thread's name (Kafka Streams threads start with the topology's
 * application id). Boot's own application-name field is one JVM-wide value, so in one JVM every
 * service would log as whichever context set it first.
 */
public final class ServiceLogName extends ClassicConverter {

  private static final Map<String, String> BY_LOGGER = Map.of(
      "io.herald.ingest.", "herald-ingest",
      "io.herald.processors.", "herald-processors",
      "io.herald.gateway.", "delivery-gateway",
      "io.herald.notifier.", "herald-notifier",
      "io.herald.embedded.", "embedded");

  private static final List<Map.Entry<String, String>> BY_THREAD = List.of(
      Map.entry("herald-shop-stats", "herald-processors"), Map.entry("herald-conversations", "herald-processors"),
      Map.entry("herald-presence", "herald-processors"), Map.entry("herald-notifications", "herald-processors"),
      Map.entry("herald-projector", "herald-processors"), Map.entry("kafka-", "embedded"),
      Map.entry("quorum-controller", "embedded"), Map.entry("raft-", "embedded"));

  @Override
  public String convert(ILoggingEvent event) {
    return of(event.getLoggerName(), event.getThreadName());
  }

  static String of(String logger, String thread) {
    for (Map.Entry<String, String> e : BY_LOGGER.entrySet()) {
      if (logger.startsWith(e.getKey())) {
        return e.getValue();
      }
    }
    if (thread != null) {
      for (Map.Entry<String, String> e : BY_THREAD) {
        if (thread.startsWith(e.getKey())) {
          return e.getValue();
        }
      }
    }
    return "herald";
  }
}
