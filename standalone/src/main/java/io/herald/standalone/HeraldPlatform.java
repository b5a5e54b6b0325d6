package io.herald.standalone;

import io.herald.embedded.OwnNettyResources;
import io.herald.embedded.QuietLogs;
import io.herald.embedded.kafka.EmbeddedKafkaBroker;
import io.herald.embedded.mongo.EmbeddedMongo;
import io.herald.gateway.GatewayApplication;
import io.herald.ingest.IngestApplication;
import io.herald.notifier.NotifierApplication;
import io.herald.processors.ProcessorsApplication;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole platform in one JVM: a real KRaft broker and a Mongo-wire server with on-disk data,
 * then the ingest API, the stream processors, the delivery gateway and the notifier, each in its own Spring
 * context on its own port, exactly as they run as separate services. Closing stops them in
 * reverse order so clients disconnect before the broker goes away.
 */
public final class HeraldPlatform implements AutoCloseable {

  private final Deque<AutoCloseable> running = new ArrayDeque<>();
  private final Map<String, Object> extra = new LinkedHashMap<>();
  private final StandaloneSettings settings;
  private final String bootstrapServers;

  private HeraldPlatform(StandaloneSettings settings, String bootstrapServers) {
    this.settings = settings;
    this.bootstrapServers = bootstrapServers;
  }

  /** Starts everything with its own embedded broker and database. */
  public static HeraldPlatform start(StandaloneSettings settings) {
    return start(settings, Map.of());
  }

  /** As above, with extra properties for every service (each ignores what is not its own). */
  public static HeraldPlatform start(StandaloneSettings settings, Map<String, Object> extra) {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
        .dataDir(settings.dataDir().resolve("kafka")).host(settings.host()).port(settings.kafkaPort()).start();
    HeraldPlatform platform = new HeraldPlatform(settings, broker.bootstrapServers());
    platform.extra.putAll(extra);
    platform.running.push(broker);
    try {
      EmbeddedMongo mongo = EmbeddedMongo.builder().file(settings.dataDir().resolve("mongo").resolve("herald.mv"))
          .host(settings.host()).port(settings.mongoPort()).start();
      platform.running.push(mongo);
      platform.startServices(mongo.connectionString());
      return platform;
    } catch (RuntimeException e) {
      platform.close();
      throw e;
    }
  }

  /** Starts the services against an existing broker and database (used by end-to-end tests). */
  public static HeraldPlatform startServices(StandaloneSettings settings, String bootstrapServers, String mongoUri) {
    return startServices(settings, bootstrapServers, mongoUri, Map.of());
  }

  /** As above, with extra properties for every service (each ignores what is not its own). */
  public static HeraldPlatform startServices(StandaloneSettings settings, String bootstrapServers, String mongoUri,
                                             Map<String, Object> extra) {
    HeraldPlatform platform = new HeraldPlatform(settings, bootstrapServers);
    platform.extra.putAll(extra);
    try {
      platform.startServices(mongoUri);
      return platform;
    } catch (RuntimeException e) {
      platform.close();
      throw e;
    }
  }

  private void startServices(String mongoUri) {
    Map<String, Object> shared = new LinkedHashMap<>();
    // Each Spring context re-initialises logging: keep the in-process broker and database quiet.
    QuietLogs.LOGGERS.forEach(name -> shared.put("logging.level." + name, "WARN"));
    shared.put("spring.kafka.bootstrap-servers", bootstrapServers);
    shared.put("spring.main.banner-mode", "off");
    shared.put("spring.main.log-startup-info", "false"); // four "Starting …/Started …" pairs; the launcher prints its URLs
    shared.put("herald.topics.partitions", settings.partitions());

    Map<String, Object> ingest = new LinkedHashMap<>(shared);
    ingest.put("server.port", settings.ingestPort());
    ingest.put("herald.ingest.mongo.uri", mongoUri);
    ingest.put("herald.ingest.tokens.key-file", settings.dataDir().resolve("keys").resolve("signing-key.json").toString());
    String unsubscribeSecret = UnsubscribeSecret.load(settings.dataDir().resolve("keys").resolve("unsubscribe-secret"));
    ingest.put("herald.ingest.devices.unsubscribe-secret", unsubscribeSecret);
    if (!configured("herald.ingest.cors.allowed-origins")) {
      ingest.put("herald.ingest.cors.allowed-origins", String.join(",", pageOrigins()));
    }
    run(IngestApplication.builder(), ingest);

    Map<String, Object> processors = new LinkedHashMap<>(shared);
    processors.put("server.port", settings.processorsPort());
    processors.put("herald.processors.state-dir", settings.dataDir().resolve("streams").toString());
    processors.put("herald.processors.projector.mongo-uri", mongoUri);
    run(ProcessorsApplication.builder(), processors);

    Map<String, Object> gateway = new LinkedHashMap<>(shared);
    gateway.put("server.port", settings.gatewayPort());
    gateway.put("herald.gateway.mongo.uri", mongoUri);
    gateway.put("herald.gateway.auth.jwks-uri", settings.url(settings.ingestPort()) + "/.well-known/jwks.json");
    gateway.put("herald.gateway.pages.ingest-url", settings.url(settings.ingestPort())); // the port really used
    run(GatewayApplication.builder(), gateway);

    // no FCM project or mail server configured by default: requests go to the outbox log
    Map<String, Object> notifier = new LinkedHashMap<>(shared);
    notifier.put("server.port", settings.notifierPort());
    notifier.put("herald.notifier.mongo-uri", mongoUri);
    notifier.put("herald.notifier.unsubscribe-secret", unsubscribeSecret);
    notifier.put("herald.notifier.unsubscribe-base-url", settings.url(settings.ingestPort()));
    notifier.put("herald.notifier.app-url", settings.url(settings.gatewayPort()) + "/chat");
    run(NotifierApplication.builder(), notifier);
  }

  /**
   * The origins the gateway's pages are opened from (the gateway's port, by the configured host and,
   * for a loopback host, by {@code localhost} too): the ingest API lets them call it (CORS).
   */
  private List<String> pageOrigins() {
    String origin = settings.url(settings.gatewayPort());
    return settings.host().equals("127.0.0.1")
        ? List.of(origin, "http://localhost:" + settings.gatewayPort()) : List.of(origin);
  }

  /** Set by the user (environment variable or system property), or by the caller's extra properties: theirs wins. */
  private boolean configured(String property) {
    String variable = property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    return extra.containsKey(property) || System.getProperty(property) != null || System.getenv(variable) != null;
  }

  /**
   * Passes the settings as command-line arguments: those outrank each service's own config file,
   * whereas {@code SpringApplicationBuilder.properties} would be the lowest layer and lose to it.
   */
  private void run(SpringApplicationBuilder builder, Map<String, Object> properties) {
    properties.putAll(extra);
    String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    ConfigurableApplicationContext ctx = builder.initializers(new OwnNettyResources()).registerShutdownHook(false).run(args);
    running.push(ctx);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public StandaloneSettings settings() {
    return settings;
  }

  @Override
  public synchronized void close() {
    while (!running.isEmpty()) {
      try {
        running.pop().close();
      } catch (Exception e) {
        System.err.println("herald: error while stopping: " + e);
      }
    }
  }
}
