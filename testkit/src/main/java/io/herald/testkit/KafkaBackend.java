package io.herald.testkit;

/** A running Kafka the tests talk to: the embedded broker or a container. */
interface KafkaBackend extends AutoCloseable {

  String bootstrapServers();

  /** A short name for logs and failure messages. */
  String describe();

  @Override
  void close();
}
