package io.herald.standalone;

import io.herald.gateway.GatewayApplication;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar herald-standalone.jar}: the whole platform on embedded defaults; Ctrl-C stops it.
 * {@code --train [seconds]}: an AOT-cache training run instead (see {@link Training} and the
 * {@code herald} launcher script).
 */
public final class HeraldStandalone {

  /** The standalone run's logging (see the file): quiet at INFO, each line naming its service. */
  static final String LOGGING_CONFIG = "herald-logback.xml";

  private HeraldStandalone() {}

  public static void main(String[] args) throws Exception {
    GatewayApplication.connectionDefaults();
    // Before anything logs: Logback reads it now (for the broker's start), every Spring context as
    // logging.config (Boot warns about the Logback property if it is still set, so it is cleared).
    System.setProperty("logback.configurationFile", LOGGING_CONFIG);
    org.slf4j.LoggerFactory.getILoggerFactory();
    System.clearProperty("logback.configurationFile");
    System.setProperty("logging.config", "classpath:" + LOGGING_CONFIG);
    if (args.length > 0 && args[0].equals("--train")) {
      Training.run(java.time.Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 30));
      System.exit(0);
    }
    StandaloneSettings settings = StandaloneSettings.from(System.getenv());
    HeraldPlatform platform = HeraldPlatform.start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("herald: stopping...");
      platform.close();
      System.out.println("herald: stopped, data kept in " + settings.dataDir());
      stopped.countDown();
    }, "herald-shutdown"));

    System.out.printf("""

        Herald is running (started in %.1f s since the JVM started), data in %s
          Ingest API        %s        (accounts, sign-in, checkouts, messages)
          Delivery gateway  %s        (SSE streams, dashboard: %s/dashboard)
          Stream processors %s/actuator/health
          Kafka bootstrap   %s
          Metrics           <service>/actuator/prometheus
        Press Ctrl-C to stop.
        %n""", java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3, settings.dataDir(),
        settings.url(settings.ingestPort()), settings.url(settings.gatewayPort()), settings.url(settings.gatewayPort()),
        settings.url(settings.processorsPort()), platform.bootstrapServers());
    stopped.await();
  }
}
