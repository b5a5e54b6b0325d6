package io.herald.standalone;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the one-JVM platform keeps its data and which ports it listens on. Read from system
 * properties first, then environment variables, then defaults (see docs/configuration.md).
 */
record StandaloneSettings(Path dataDir, String host, int kafkaPort, int mongoPort, int ingestPort, int gatewayPort,
                          int processorsPort, int partitions, int notifierPort) {

  /** Without a notifier port: the notifier's actuator takes a free one. */
  StandaloneSettings(Path dataDir, String host, int kafkaPort, int mongoPort, int ingestPort, int gatewayPort,
                     int processorsPort, int partitions) {
    this(dataDir, host, kafkaPort, mongoPort, ingestPort, gatewayPort, processorsPort, partitions, 0);
  }

  static StandaloneSettings from(Map<String, String> env) {
    return new StandaloneSettings(
        Path.of(get(env, "herald.data-dir", "HERALD_DATA_DIR", "./herald-data")).toAbsolutePath().normalize(),
        get(env, "herald.host", "HERALD_HOST", "127.0.0.1"),
        Integer.parseInt(get(env, "herald.kafka-port", "HERALD_KAFKA_PORT", "9092")),
        Integer.parseInt(get(env, "herald.mongo-port", "HERALD_MONGO_PORT", "27027")),
        Integer.parseInt(get(env, "herald.ingest-port", "HERALD_INGEST_PORT", "8081")),
        Integer.parseInt(get(env, "herald.gateway-port", "HERALD_GATEWAY_PORT", "8082")),
        Integer.parseInt(get(env, "herald.processors-port", "HERALD_PROCESSORS_PORT", "8083")),
        Integer.parseInt(get(env, "herald.topics.partitions", "HERALD_TOPICS_PARTITIONS", "12")),
        Integer.parseInt(get(env, "herald.notifier-port", "HERALD_NOTIFIER_PORT", "8084")));
  }

  private static String get(Map<String, String> env, String property, String variable, String fallback) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      v = env.get(variable);
    }
    return v == null || v.isBlank() ? fallback : v;
  }

  String url(int port) {
    return "http://" + host + ":" + port;
  }
}
