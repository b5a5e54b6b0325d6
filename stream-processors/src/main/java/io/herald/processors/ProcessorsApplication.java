package io.herald.processors;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The stream-processors service: every Herald Kafka Streams topology, each as its own
 * KafkaStreams instance, plus actuator health and Prometheus metrics over HTTP (port 8083).
 *
 * <p>Its defaults live in {@code processors.yml}, not {@code application.yml}: several Herald
 * services can share one JVM and classpath (the standalone launcher), and each reads only its own
 * file. Start it through {@link #builder()}, which selects that file.
 *
 * <p>{@code server.port} is a builder default rather than a {@code processors.yml} entry on
 * purpose: a launcher sets its ports with {@code builder().properties("server.port=...")}, and
 * those default properties rank below every config file, so a port in the file would silently win.
 */
@SpringBootApplication
public class ProcessorsApplication {

  /** Name of this service's config file ({@code processors.yml}, {@code processors-<profile>.yml}). */
  public static final String CONFIG_NAME = "processors";
  public static final int DEFAULT_PORT = 8083;

  public static void main(String[] args) {
    builder().run(args);
  }

  /**
   * The application with its own config file and default port. Properties a caller adds with
   * {@code .properties(...)} replace these defaults; config files, environment variables and
   * command-line arguments rank above all of them.
   */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(ProcessorsApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME, "server.port=" + DEFAULT_PORT);
  }

  /** What each {@code herald.processors.<name>.enabled} switches on (all on by default but {@code routing}). */
  public static final List<String> PARTS = List.of("shop-stats", "conversations", "presence", "projector", "notifications", "routing");

  /**
   * {@link #builder()} with only the named {@link #PARTS} running (e.g. one topology per process
   * when scaling them apart, or one under test).
   */
  public static SpringApplicationBuilder builderWithOnly(String... parts) {
    List<String> wanted = List.of(parts);
    if (!PARTS.containsAll(wanted)) {
      throw new IllegalArgumentException("unknown parts " + wanted + "; known: " + PARTS);
    }
    return builder().properties(PARTS.stream()
        .map(part -> "herald.processors." + part + ".enabled=" + wanted.contains(part))
        .toArray(String[]::new));
  }
}
