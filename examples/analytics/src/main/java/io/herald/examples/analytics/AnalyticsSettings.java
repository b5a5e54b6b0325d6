package io.herald.examples.analytics;

import java.util.HashMap;
import java.util.Map;

/**
 * The example consumer's settings, from {@code --name=value} arguments (each also read from the
 * environment as {@code ANALYTICS_NAME}, dashes as underscores; arguments win). Any {@code --kafka.<property>=value}
 * goes to every Kafka client as {@code <property>} (TLS, SASL, timeouts).
 *
 * @param bootstrapServers   Kafka brokers
 * @param groupId            consumer group: offsets committed with the results, in one transaction
 * @param transactionalId    the producer's transactional id; one per running instance, stable across its restarts
 *                           (a restarted instance fences its predecessor and aborts what it left open)
 * @param outputTopic        compacted topic of {@link ShopDay} records (created with the partition count of
 *                           {@code checkouts} when absent)
 * @param openDays           days kept in memory per partition, counting back from the newest day seen
 * @param productCounters    product counters per shop-day (Space-Saving table size)
 * @param replicationFactor  replication of the output topic when created ({@code -1}: the broker's default)
 * @param kafka              extra client properties
 */
public record AnalyticsSettings(String bootstrapServers, String groupId, String transactionalId, String outputTopic,
                                int openDays, int productCounters, short replicationFactor, Map<String, String> kafka) {

  public static final String DEFAULT_OUTPUT_TOPIC = "herald-analytics.shop-days";

  public AnalyticsSettings {
    if (openDays < 1 || productCounters < 1) {
      throw new IllegalArgumentException("open-days and product-counters must be at least 1");
    }
    kafka = Map.copyOf(kafka);
  }

  public static AnalyticsSettings parse(String[] args, Map<String, String> env) {
    Map<String, String> values = new HashMap<>();
    Map<String, String> kafka = new HashMap<>();
    env.forEach((name, value) -> {
      if (name.startsWith("ANALYTICS_")) {
        values.put(name.substring("ANALYTICS_".length()).toLowerCase().replace('_', '-'), value);
      }
    });
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("expected --name=value, got: " + arg);
      }
      String name = arg.substring(2, eq);
      String value = arg.substring(eq + 1);
      if (name.startsWith("kafka.")) {
        kafka.put(name.substring("kafka.".length()), value);
      } else {
        values.put(name, value);
      }
    }
    AnalyticsSettings settings = new AnalyticsSettings(
        values.getOrDefault("bootstrap-servers", "127.0.0.1:9092"),
        values.getOrDefault("group-id", "herald-analytics-shop-days"),
        values.getOrDefault("transactional-id", "herald-analytics-shop-days-0"),
        values.getOrDefault("output-topic", DEFAULT_OUTPUT_TOPIC),
        Integer.parseInt(values.getOrDefault("open-days", "3")),
        Integer.parseInt(values.getOrDefault("product-counters", "50")),
        Short.parseShort(values.getOrDefault("replication-factor", "-1")),
        kafka);
    values.keySet().stream().filter(n -> !KNOWN.contains(n)).findFirst().ifPresent(n -> {
      throw new IllegalArgumentException("unknown setting: " + n + " (known: " + KNOWN + ", kafka.*)");
    });
    return settings;
  }

  private static final java.util.Set<String> KNOWN = java.util.Set.of("bootstrap-servers", "group-id", "transactional-id",
      "output-topic", "open-days", "product-counters", "replication-factor");
}
