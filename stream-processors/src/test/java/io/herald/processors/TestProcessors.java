package io.herald.processors;

import io.herald.testkit.HeraldInfra;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the processors service with only the named topologies on the shared broker, in its own state dir. */
public final class TestProcessors {

  private TestProcessors() {}

  public static ConfigurableApplicationContext start(List<String> parts, String... settings) {
    List<String> common = List.of(
        "spring.kafka.bootstrap-servers=" + HeraldInfra.kafkaBootstrapServers(),
        "herald.topics.partitions=" + HeraldInfra.partitions(),
        "herald.processors.state-dir=" + System.getProperty("java.io.tmpdir") + "/streams-" + UUID.randomUUID(),
        "server.port=0");
    return ProcessorsApplication.builderWithOnly(parts.toArray(String[]::new))
        .properties(Stream.concat(common.stream(), Stream.of(settings)).toArray(String[]::new))
        .run();
  }
}
