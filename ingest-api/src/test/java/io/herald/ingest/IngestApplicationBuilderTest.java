package io.herald.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.HeraldInfra;
import io.herald.testkit.WithHeraldInfra;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;

/** The launcher's way in: {@link IngestApplication#builder()} reads ingest.yml, not application.yml. */
@WithHeraldInfra
class IngestApplicationBuilderTest {

  @Test
  void theBuilderLoadsIngestYml() {
    try (ConfigurableApplicationContext context = IngestApplication.builder().run(
        "--server.port=0",
        "--spring.kafka.bootstrap-servers=" + HeraldInfra.kafkaBootstrapServers(),
        "--herald.topics.partitions=" + HeraldInfra.partitions(),
        "--herald.ingest.mongo.uri=" + HeraldInfra.mongoUri(),
        "--herald.ingest.tokens.key-file=" + Path.of(System.getProperty("java.io.tmpdir"), "builder-" + UUID.randomUUID() + ".json"))) {
      assertThat(context.getEnvironment().getProperty("spring.application.name")).isEqualTo("herald-ingest");
      PropertySource<?> ingestYml = context.getEnvironment().getPropertySources().stream()
          .filter(p -> p.getName().contains("ingest.yml")).findFirst().orElseThrow();
      assertThat(String.valueOf(ingestYml.getProperty("server.port"))).isEqualTo("8081");
    }
  }
}
