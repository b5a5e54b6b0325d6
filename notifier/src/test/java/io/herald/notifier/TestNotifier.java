package io.herald.notifier;

import io.herald.testkit.HeraldInfra;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the notifier on the shared broker and Mongo-wire server with its own group and database. */
final class TestNotifier {

  private TestNotifier() {}

  static ConfigurableApplicationContext start(String name, String... settings) {
    List<String> common = List.of(
        "spring.kafka.bootstrap-servers=" + HeraldInfra.kafkaBootstrapServers(),
        "herald.topics.partitions=" + HeraldInfra.partitions(),
        "herald.notifier.group-id=" + name + "-" + UUID.randomUUID(),
        "herald.notifier.mongo-uri=" + HeraldInfra.mongoUri(),
        "herald.notifier.database=" + name + "-" + UUID.randomUUID(),
        "server.port=0");
    return NotifierApplication.builder()
        .properties(Stream.concat(common.stream(), Stream.of(settings)).toArray(String[]::new))
        .run();
  }
}
