package io.herald.schemas.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code schemas} is the jar data teams build against: generated classes, serde, topic catalog, and
 * nothing heavier. The enforcer rule in the pom bans Spring, Kafka Streams, RocksDB and Reactor from the
 * dependencies a consumer inherits; it does not see optional ones, which still end up on this module's
 * class path — so this test looks at the class path itself and fails on either kind.
 */
class ConsumerArtifactTest {

  private static final List<String> BANNED = List.of(
      "org.springframework.core.SpringVersion",
      "org.springframework.boot.SpringApplication",
      "org.springframework.kafka.core.KafkaTemplate",
      "org.apache.kafka.streams.KafkaStreams",
      "org.rocksdb.RocksDB",
      "reactor.core.publisher.Flux");

  @Test
  void nothingHeavierThanAvroAndKafkaClientsIsOnTheClassPath() {
    assertThat(BANNED).filteredOn(ConsumerArtifactTest::loadable).as("banned classes on the schemas class path").isEmpty();
  }

  private static boolean loadable(String className) {
    try {
      Class.forName(className, false, ConsumerArtifactTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
