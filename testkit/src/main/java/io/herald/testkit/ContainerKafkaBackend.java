package io.herald.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/** Kafka in Docker ({@code apache/kafka}), for runs that want the broker out of the test JVM. */
final class ContainerKafkaBackend implements KafkaBackend {

  /** The image matching the kafka-clients version the build uses. */
  static final String IMAGE = "apache/kafka:4.2.1";

  private final KafkaContainer container;

  ContainerKafkaBackend() {
    container = new KafkaContainer(IMAGE)
        // Same rule as the embedded broker: topics come from the catalog only.
        .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
        .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
    container.start();
  }

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public String describe() {
    return "Testcontainers " + IMAGE + " at " + container.getBootstrapServers();
  }

  @Override
  public void close() {
    container.stop();
  }
}
