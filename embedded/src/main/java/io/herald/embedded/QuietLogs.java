package io.herald.embedded;

import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Turns the embedded servers' own loggers down to WARN so that test and launcher output shows
 * the application, not broker housekeeping. Works only when Logback is the SLF4J backend; with
 * any other backend it does nothing.
 *
 * <p>Spring Boot re-initialises Logback when an application context starts, which drops these
 * levels; Boot applications should set {@code logging.level.<name>=WARN} for {@link #LOGGERS}.
 */
public final class QuietLogs {

  /** Server-side logger names only: Kafka client and Streams loggers are left alone. */
  public static final List<String> LOGGERS = List.of(
      "kafka", "state.change.logger",
      "org.apache.kafka.server", "org.apache.kafka.controller", "org.apache.kafka.raft",
      "org.apache.kafka.metadata", "org.apache.kafka.image", "org.apache.kafka.snapshot",
      "org.apache.kafka.storage", "org.apache.kafka.coordinator", "org.apache.kafka.queue",
      "org.apache.kafka.security", "org.apache.kafka.network",
      "de.bwaldvogel.mongo");

  private QuietLogs() {}

  public static void apply() {
    // Checked by name so this class loads without Logback on the class path.
    if ("ch.qos.logback.classic.LoggerContext".equals(LoggerFactory.getILoggerFactory().getClass().getName())) {
      LogbackLevels.setWarn(LOGGERS);
    }
  }

  /** Isolated so that Logback classes are resolved only when Logback is present. */
  private static final class LogbackLevels {
    static void setWarn(List<String> names) {
      var ctx = (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
      for (String name : names) {
        var logger = ctx.getLogger(name);
        // Respect an explicit level from the application's own logback configuration.
        if (logger.getLevel() == null) {
          logger.setLevel(ch.qos.logback.classic.Level.WARN);
        }
      }
    }
  }
}
