package io.herald.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The delivery gateway: pushes shop events to merchant dashboards over Server-Sent Events, and chat
 * (messages, receipts) to users over WebSocket, with their history from the read model.
 * Its configuration file is {@code gateway.yml|properties} (not {@code application.*}), so several
 * Herald services can run in one JVM (standalone launcher) without reading each other's files.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

  public static final String CONFIG_NAME = "gateway";

  public static void main(String[] args) {
    builder().run(args);
  }

  /** The application with its config name set; the standalone launcher starts it through this. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(GatewayApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }
}
