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

  /**
   * Reactor Netty's send queue per connection ({@code reactor.netty.send.maxPrefetchSize}, 128
   * slots by default): 16 here, unless set. Every live SSE stream and WebSocket holds one, and
   * none needs more than a few frames in flight ahead of its socket (~450 B per connection; docs/
   * architecture.md, "Memory per connection"). Read once, when Reactor Netty first sends: call this
   * before any server or client starts.
   */
  public static void connectionDefaults() {
    System.getProperties().putIfAbsent("reactor.netty.send.maxPrefetchSize", "16");
  }

  public static void main(String[] args) {
    connectionDefaults();
    builder().run(args);
  }

  /** The application with its config name set; the standalone launcher starts it through this. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(GatewayApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }
}
