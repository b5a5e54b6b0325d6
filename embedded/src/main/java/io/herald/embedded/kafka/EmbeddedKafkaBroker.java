package io.herald.embedded.kafka;

import io.herald.embedded.ListenerOptions;
import io.herald.embedded.QuietLogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.SharedServer;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.raft.QuorumConfig;
import org.apache.kafka.server.fault.LoggingFaultHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka node in this JVM: one combined-mode KRaft process (broker + controller),
 * built the way {@code kafka.server.KafkaRaftServer} builds one, from the Maven Central jars.
 *
 * <p>With a {@link Builder#dataDir data directory} the node is persistent: the directory is
 * formatted only once, so stopping and starting on it again keeps the cluster id, topics,
 * records, committed offsets and transactions. Without one it runs on a temporary directory
 * that {@link #close()} deletes.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().dataDir(dir).start()) {
 *   String bootstrap = kafka.bootstrapServers();   // "127.0.0.1:<port>"
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int NODE_ID = 1;
  private static final String BROKER_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String TLS_LISTENER = "SSL";

  private final Path dataDir;
  private final boolean deleteDataDirOnClose;
  private final String host;
  private final String clusterId;
  private final PreboundSockets sockets;
  private final DirectoryLock lock;
  private final Metrics metrics;
  private final ControllerServer controller;
  private final BrokerServer broker;
  private final int port;
  private final int controllerPort;
  private final int tlsPort;
  private boolean closed;

  private EmbeddedKafkaBroker(Builder b) throws Exception {
    if (b.quietLogs()) {
      QuietLogs.apply();
    }
    this.deleteDataDirOnClose = b.dataDir == null;
    this.dataDir = b.dataDir != null ? Files.createDirectories(b.dataDir.toAbsolutePath())
        : Files.createTempDirectory("herald-kafka-");
    this.host = b.host();
    // Ours before Kafka's: a second broker on this directory must fail before any of Kafka's start-up
    // code touches the first one's files (it got as far as the metadata log, and the first broker's
    // raft thread then spun at close).
    this.lock = DirectoryLock.acquire(dataDir);
    this.sockets = new PreboundSockets();
    Metrics createdMetrics = null;
    try {
      this.port = sockets.bind(BROKER_LISTENER, host, b.port());
      this.controllerPort = sockets.bind(CONTROLLER_LISTENER, host, b.controllerPort);
      this.tlsPort = b.tlsKeyStore == null ? -1 : sockets.bind(TLS_LISTENER, host, b.tlsPort);
      KafkaConfig config = new KafkaConfig(config(b, dataDir, port, controllerPort, tlsPort), false);

      this.clusterId = StorageFormat.ensureFormatted(dataDir.toString(), NODE_ID, CONTROLLER_LISTENER,
          Optional.ofNullable(b.clusterId));
      // Same steps as KafkaRaftServer's constructor, which cannot take a socket factory.
      scala.Tuple2<MetaPropertiesEnsemble, BootstrapMetadata> dirs =
          KafkaRaftServer.initializeLogDirs(config, log, "[EmbeddedKafkaBroker] ");
      createdMetrics = new Metrics();
      this.metrics = createdMetrics;
      SharedServer shared = new SharedServer(config, dirs._1(), Time.SYSTEM, metrics,
          CompletableFuture.completedFuture(QuorumConfig.parseVoterConnections(config.quorumConfig().voters())),
          QuorumConfig.parseBootstrapServers(config.quorumConfig().bootstrapServers()),
          // Kafka's standard fatal handler halts the JVM; embedded, we log and let the caller decide.
          (name, fatal, action) -> new LoggingFaultHandler(name, action),
          sockets);
      this.controller = new ControllerServer(shared, KafkaRaftServer.configSchema(), dirs._2());
      this.broker = new BrokerServer(shared);
    } catch (Exception | Error e) {
      sockets.close();
      if (createdMetrics != null) {
        createdMetrics.close();
      }
      lock.close();
      deleteIfTemporary();
      throw e;
    }
  }

  /** A builder; call {@link Builder#start()} to get a running broker. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts a broker on a temporary directory with free ports. */
  public static EmbeddedKafkaBroker start() {
    return builder().start();
  }

  private static Map<String, Object> config(Builder b, Path dataDir, int brokerPort, int controllerPort, int tlsPort) {
    Map<String, Object> p = new HashMap<>(BrokerDefaults.singleNode());
    // Fail instead of waiting forever (the Kafka default) if, say, the controller never elects itself.
    p.put("server.max.startup.time.ms", Long.toString(b.startTimeout.toMillis()));
    p.putAll(b.properties);
    // Identity, listeners and storage are this class's job; callers cannot override them.
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", BROKER_LISTENER);
    p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("listeners", BROKER_LISTENER + "://" + b.host() + ":" + brokerPort + ","
        + CONTROLLER_LISTENER + "://" + b.host() + ":" + controllerPort);
    p.put("controller.quorum.voters", NODE_ID + "@" + b.host() + ":" + controllerPort);
    if (b.tlsKeyStore != null) {
      // A client listener only: the broker's own traffic stays on the plaintext listeners.
      String prefix = "listener.name.ssl.";
      p.put("listener.security.protocol.map", p.get("listener.security.protocol.map") + "," + TLS_LISTENER + ":SSL");
      p.put("listeners", p.get("listeners") + "," + TLS_LISTENER + "://" + b.host() + ":" + tlsPort);
      p.put(prefix + "ssl.keystore.type", "PKCS12");
      p.put(prefix + "ssl.keystore.location", b.tlsKeyStore.toAbsolutePath().toString());
      p.put(prefix + "ssl.keystore.password", b.tlsPassword);
      p.put(prefix + "ssl.key.password", b.tlsPassword);
    }
    p.put("log.dirs", dataDir.toString());
    p.remove("controller.quorum.bootstrap.servers");
    p.remove("metadata.log.dir");
    return p;
  }

  private void startServers(Duration timeout) throws Exception {
    // Controller first, as KafkaRaftServer does: the broker needs the controller's endpoint.
    controller.startup();
    broker.startup(); // returns once the broker is registered and unfenced
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!broker.metadataCache().hasAliveBroker(NODE_ID)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("broker did not see itself alive within " + timeout);
      }
      Thread.sleep(10); // metadata propagates within milliseconds
    }
  }

  /** {@code host:port} of the broker listener, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return host + ":" + port();
  }

  /** The port the broker listener is bound to. */
  public int port() {
    return port;
  }

  /** {@code host:port} of the TLS listener ({@link Builder#tlsListener}). */
  public String tlsBootstrapServers() {
    if (tlsPort < 0) {
      throw new IllegalStateException("this broker has no TLS listener");
    }
    return host + ":" + tlsPort;
  }

  /** The port the controller listener is bound to. */
  public int controllerPort() {
    return controllerPort;
  }

  public String clusterId() {
    return clusterId;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Client properties ({@code bootstrap.servers}) to pass to producers, consumers and admins. */
  public Map<String, Object> clientConfig() {
    return Map.of("bootstrap.servers", bootstrapServers());
  }

  /**
   * Stops the broker (controlled shutdown), then the controller, and waits for both. Data stays
   * in the data directory unless it was a temporary one. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Broker first: its controlled shutdown needs the controller (same order as KafkaRaftServer).
    try {
      broker.shutdown(Duration.ofSeconds(30));
      controller.shutdown();
      broker.awaitShutdown();
      controller.awaitShutdown();
    } finally {
      metrics.close();
      sockets.close();
      lock.close();
      deleteIfTemporary();
    }
  }

  private void deleteIfTemporary() {
    if (!deleteDataDirOnClose || dataDir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dataDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dataDir, e);
    }
  }

  /** Options of an embedded broker. */
  public static final class Builder extends ListenerOptions<Builder> {
    private Path dataDir;
    private int controllerPort;
    private String clusterId;
    private Duration startTimeout = Duration.ofSeconds(60);
    private final Map<String, String> properties = new LinkedHashMap<>();
    private Path tlsKeyStore;
    private String tlsPassword;
    private int tlsPort;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** Persistent data directory (created if missing, formatted only if not yet formatted). */
    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir);
      return this;
    }

    /** Controller listener port; 0 (default) picks a free one. */
    public Builder controllerPort(int controllerPort) {
      this.controllerPort = controllerPort;
      return this;
    }

    /** Cluster id for a new directory; an existing directory must already have this id. */
    public Builder clusterId(String clusterId) {
      this.clusterId = clusterId;
      return this;
    }

    /** Any broker property ({@code server.properties} name); overrides the single-node defaults. */
    public Builder brokerProperty(String name, String value) {
      properties.put(name, value);
      return this;
    }

    public Builder brokerProperties(Map<String, String> props) {
      properties.putAll(props);
      return this;
    }

    /**
     * Adds a client listener that speaks TLS ({@code security.protocol=SSL}) on {@code port} (0: a
     * free one; see {@link #tlsBootstrapServers()}), with the server certificate and key from a
     * PKCS12 key store. The plaintext listener stays (the broker's own traffic uses it).
     */
    public Builder tlsListener(int port, Path pkcs12KeyStore, String password) {
      this.tlsPort = port;
      this.tlsKeyStore = Objects.requireNonNull(pkcs12KeyStore);
      this.tlsPassword = Objects.requireNonNull(password);
      return this;
    }

    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = Objects.requireNonNull(startTimeout);
      return this;
    }

    /** Formats storage if needed, starts the node and returns once it accepts clients. */
    public EmbeddedKafkaBroker start() {
      EmbeddedKafkaBroker kafka;
      try {
        kafka = new EmbeddedKafkaBroker(this);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("cannot create the embedded Kafka broker", e);
      }
      try {
        kafka.startServers(startTimeout);
        log.info("Kafka broker started on {} (cluster {}, data {})", kafka.bootstrapServers(), kafka.clusterId,
            kafka.dataDir);
        return kafka;
      } catch (Exception | Error e) {
        try {
          kafka.close();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        throw e instanceof RuntimeException re ? re : new IllegalStateException("embedded Kafka did not start", e);
      }
    }
  }
}
