package io.herald.testkit;

import io.herald.embedded.QuietLogs;
import io.herald.embedded.mongo.EmbeddedMongo;
import io.herald.schemas.topics.TopicProvisioner;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The test JVM's shared infrastructure: one real Kafka broker with every catalog topic (and its
 * DLQ) created, and one Mongo-wire server. Started lazily and thread-safely on first use, stopped
 * once at the end of the test run by {@link HeraldInfraExtension} (or, failing that, by a JVM
 * shutdown hook).
 *
 * <p>Kafka is the embedded KRaft broker unless the system property
 * {@code herald.test.kafka=testcontainers} is set and Docker is available, in which case it is an
 * {@code apache/kafka} container. Mongo is always the in-memory mongo-java-server. Topics get
 * {@value #DEFAULT_PARTITIONS} partitions unless {@code herald.test.partitions} says otherwise.
 *
 * <p>Because everything is shared by all test classes of the JVM, tests must not assume empty
 * topics: use fresh keys (ids) per test and read with {@link KafkaProbe#readAfter} or filter by key.
 *
 * <p><b>Spring tests</b> that point at it (see {@code @DynamicPropertySource}) should be annotated
 * {@code @DirtiesContext}, so that their Kafka clients and Streams instances are closed when the
 * class finishes, not by Spring's JVM shutdown hook after the broker has already gone (which
 * makes clients retry, log errors and delay the JVM's exit).
 *
 * <p>On start it also sets {@code logging.level.<broker logger>=WARN} system properties (unless
 * already set), because Spring Boot re-initialises logging per context and would otherwise bring
 * the in-process broker's INFO chatter back.
 */
public final class HeraldInfra {

  /** Selects the Kafka backend: {@code embedded} (default) or {@code testcontainers}. */
  public static final String KAFKA_PROPERTY = "herald.test.kafka";
  /** Overrides the number of partitions of every catalog topic. */
  public static final String PARTITIONS_PROPERTY = "herald.test.partitions";
  public static final int DEFAULT_PARTITIONS = 3;

  private static final Logger log = LoggerFactory.getLogger(HeraldInfra.class);
  private static final Object LOCK = new Object();
  private static volatile Running running;

  private HeraldInfra() {}

  /** {@code bootstrap.servers} of the shared broker; starts the infrastructure if needed. */
  public static String kafkaBootstrapServers() {
    return started().kafka.bootstrapServers();
  }

  /** {@code mongodb://127.0.0.1:port} (no database name); starts the infrastructure if needed. */
  public static String mongoUri() {
    return started().mongo.connectionString();
  }

  /** A fresh map with {@code bootstrap.servers}, for {@code Admin.create} or any Kafka client. */
  public static Map<String, Object> adminConfig() {
    return new java.util.HashMap<>(Map.of("bootstrap.servers", kafkaBootstrapServers()));
  }

  /** Partitions each catalog topic was created with. */
  public static int partitions() {
    return Integer.getInteger(PARTITIONS_PROPERTY, DEFAULT_PARTITIONS);
  }

  /** Starts everything now (normally implicit on first use). */
  public static void ensureStarted() {
    started();
  }

  /** Whether the infrastructure is currently running. */
  public static boolean isRunning() {
    return running != null;
  }

  /**
   * Stops Kafka and Mongo and waits for them. Idempotent; a later call to any accessor starts a
   * fresh instance (with empty topics).
   */
  public static void stop() {
    Running r;
    synchronized (LOCK) {
      r = running;
      running = null;
    }
    if (r != null) {
      r.close();
    }
  }

  private static Running started() {
    Running r = running;
    if (r != null) {
      return r;
    }
    synchronized (LOCK) {
      if (running == null) {
        running = Running.start(partitions());
      }
      return running;
    }
  }

  /** One started set of backends plus the shutdown hook that guards them. */
  private static final class Running implements AutoCloseable {
    private final KafkaBackend kafka;
    private final EmbeddedMongo mongo;
    private final Thread shutdownHook;

    private Running(KafkaBackend kafka, EmbeddedMongo mongo) {
      this.kafka = kafka;
      this.mongo = mongo;
      this.shutdownHook = new Thread(this::closeQuietly, "herald-infra-shutdown");
    }

    static Running start(int partitions) {
      long t0 = System.nanoTime();
      QuietLogs.LOGGERS.forEach(name -> System.getProperties().putIfAbsent("logging.level." + name, "WARN"));
      KafkaBackend kafka = chooseKafka();
      EmbeddedMongo mongo = null;
      try {
        mongo = EmbeddedMongo.start();
        TopicProvisioner.ensure(Map.of("bootstrap.servers", kafka.bootstrapServers()), partitions, (short) 1);
      } catch (RuntimeException | Error e) {
        if (mongo != null) {
          mongo.close();
        }
        kafka.close();
        throw e;
      }
      Running r = new Running(kafka, mongo);
      try {
        // Fallback for runs without the JUnit extension (e.g. a plain main or another engine).
        Runtime.getRuntime().addShutdownHook(r.shutdownHook);
      } catch (IllegalStateException e) {
        // Asked for during JVM exit (e.g. by a closing Spring context): do not leave a broker behind.
        r.closeQuietly();
        throw new IllegalStateException("the JVM is shutting down; Herald test infrastructure not started", e);
      }
      log.info("Herald test infrastructure up in {} ms: {}, Mongo at {}, {} partitions per topic",
          (System.nanoTime() - t0) / 1_000_000, kafka.describe(), mongo.connectionString(), partitions);
      return r;
    }

    private static KafkaBackend chooseKafka() {
      String wanted = System.getProperty(KAFKA_PROPERTY, "embedded");
      if ("testcontainers".equalsIgnoreCase(wanted)) {
        if (ContainerKafkaBackend.dockerAvailable()) {
          return new ContainerKafkaBackend();
        }
        log.warn("{}=testcontainers but Docker is not available: using the embedded broker", KAFKA_PROPERTY);
      } else if (!"embedded".equalsIgnoreCase(wanted)) {
        throw new IllegalArgumentException(KAFKA_PROPERTY + " must be 'embedded' or 'testcontainers', not " + wanted);
      }
      return new EmbeddedKafkaBackend();
    }

    @Override
    public void close() {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // Called from the hook itself or during JVM exit: nothing to unregister.
      }
      closeQuietly();
    }

    private synchronized void closeQuietly() {
      log.info("Stopping Herald test infrastructure: {}", kafka.describe());
      try {
        mongo.close();
      } catch (RuntimeException e) {
        log.warn("stopping the embedded Mongo failed", e);
      }
      try {
        kafka.close();
      } catch (RuntimeException e) {
        log.warn("stopping {} failed", kafka.describe(), e);
      }
    }
  }
}
