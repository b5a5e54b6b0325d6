package io.herald.notifier;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The notifier service: reads {@code notification-requests} and sends each by FCM push or SMTP
 * e-mail (or writes it to the outbox log when neither is configured), at most once per request id.
 * Its config file is {@code notifier.yml}; start it through {@link #builder()}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotifierApplication {

  public static final String CONFIG_NAME = "notifier";
  public static final int DEFAULT_PORT = 8084;

  public static void main(String[] args) {
    builder().run(args);
  }

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(NotifierApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME, "server.port=" + DEFAULT_PORT);
  }
}
