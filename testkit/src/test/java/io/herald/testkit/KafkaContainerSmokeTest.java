package io.herald.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The same smoke as the embedded broker's, against the {@code apache/kafka} image; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerSmokeTest {

  @Container
  static final KafkaContainer KAFKA = new KafkaContainer(ContainerKafkaBackend.IMAGE);

  @Test
  void producesAndConsumes() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.getBootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic("smoke", 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    KafkaProbe probe = KafkaProbe.on(KAFKA.getBootstrapServers());
    probe.sendRaw("smoke", "k".getBytes(StandardCharsets.UTF_8), "hello".getBytes(StandardCharsets.UTF_8));

    assertThat(probe.read("smoke", 1, Duration.ofSeconds(30)))
        .singleElement().satisfies(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("hello"));
  }
}
