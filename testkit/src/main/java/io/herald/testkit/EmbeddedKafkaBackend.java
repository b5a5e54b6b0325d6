package io.herald.testkit;

import io.herald.embedded.kafka.EmbeddedKafkaBroker;

/** The default: a real KRaft broker in the test JVM, on a temporary directory under java.io.tmpdir. */
final class EmbeddedKafkaBackend implements KafkaBackend {

  private final EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();

  @Override
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  public String describe() {
    return "embedded KRaft broker at " + broker.bootstrapServers();
  }

  @Override
  public void close() {
    broker.close();
  }
}
