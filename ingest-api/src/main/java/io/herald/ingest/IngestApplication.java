package io.herald.ingest;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The ingest API: accounts, sign-in, shop claims, tickets, checkouts, shop messages and chat commands
 * over HTTP, into Kafka.
 * Its configuration file is {@code ingest.yml} (not {@code application.yml}) so that several
 * Herald services can share one JVM and classpath in the standalone launcher.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestApplication {

  /** The config-file name every launcher of this service must use. */
  public static final String CONFIG_NAME = "ingest";

  /** A builder with this service's configuration name set; the standalone launcher uses it. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(IngestApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
