package io.herald.gateway;

import io.herald.testkit.HeraldInfra;
import io.herald.testkit.WithHeraldInfra;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A gateway on a random port against the shared real broker, verifying tokens of {@link TestTokens}.
 * Topics are shared with other test classes: every test uses fresh shop ids.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.config.name=" + GatewayApplication.CONFIG_NAME,
        "herald.topics.create=false", // the test kit created them; never re-shape the shared broker
        "herald.gateway.stream.heartbeat=2s"})
@WithHeraldInfra
@DirtiesContext
@org.junit.jupiter.api.extension.ExtendWith(io.herald.testkit.ThreadDumpOnTimeout.class)
public abstract class GatewayIntegrationTestBase {

  /** The read model's database of the gateways of this test JVM (ids are fresh per test). */
  public static final String DATABASE = "gateway_" + UUID.randomUUID().toString().substring(0, 8);

  @LocalServerPort
  protected int port;

  protected final ShopEvents kafka = new ShopEvents();

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", HeraldInfra::kafkaBootstrapServers);
    registry.add("herald.gateway.auth.jwks-uri", TestTokens::jwksUri);
    registry.add("herald.gateway.mongo.uri", HeraldInfra::mongoUri);
    registry.add("herald.gateway.mongo.database", () -> DATABASE);
  }

  @AfterEach
  void closeProducer() {
    kafka.close();
  }

  protected static String newShop() {
    return "shop-" + UUID.randomUUID();
  }
}
