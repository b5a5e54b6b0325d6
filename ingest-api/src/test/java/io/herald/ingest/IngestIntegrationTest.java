package io.herald.ingest;

import io.herald.testkit.HeraldInfra;
import io.herald.testkit.WithHeraldInfra;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import io.herald.testkit.ThreadDumpOnTimeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.netty.http.client.HttpClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The ingest API on a real port, against the test kit's Kafka broker and Mongo-wire server. Each
 * subclass gets its own context, closed after it ({@code @DirtiesContext}) so its Kafka clients go
 * before the shared broker does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.name=" + IngestApplication.CONFIG_NAME)
@AutoConfigureWebTestClient(timeout = "20s")
@WithHeraldInfra
@DirtiesContext
@ExtendWith(ThreadDumpOnTimeout.class)
@Import(IngestIntegrationTest.FreshConnections.class)
public abstract class IngestIntegrationTest {

  /**
   * Every request on a fresh connection: reactor-netty's shared pool keeps connections alive across
   * test classes whose servers have closed ({@code @DirtiesContext}); a request written on one of
   * those got no answer for 20 s in CI.
   */
  @TestConfiguration(proxyBeanMethods = false)
  static class FreshConnections {
    @Bean
    WebTestClientBuilderCustomizer freshConnections() {
      return builder -> builder.clientConnector(new ReactorClientHttpConnector(HttpClient.newConnection()));
    }
  }

  private static final String DATABASE = "ingest-it-" + UUID.randomUUID();
  private static final String KEY_FILE = Path.of(System.getProperty("java.io.tmpdir"), "ingest-it-keys",
      UUID.randomUUID() + ".json").toString();

  @Autowired
  protected WebTestClient web;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", HeraldInfra::kafkaBootstrapServers);
    registry.add("herald.topics.partitions", HeraldInfra::partitions);
    registry.add("herald.ingest.mongo.uri", HeraldInfra::mongoUri);
    registry.add("herald.ingest.mongo.database", () -> DATABASE);
    registry.add("herald.ingest.tokens.key-file", () -> KEY_FILE);
    registry.add("herald.ingest.outbox.sweep-interval", () -> "300ms");
    registry.add("herald.ingest.outbox.sweep-grace", () -> "1s");
    // Argon2 at its production cost makes sign-ups the slowest part of these tests; the cost is not what they test.
    registry.add("herald.ingest.passwords.memory-kib", () -> "1024");
    registry.add("herald.ingest.passwords.iterations", () -> "1");
  }

  protected static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Registers an account; returns the 201 body. */
  @SuppressWarnings("unchecked")
  protected Map<String, Object> register(String email, String role, List<String> shopIds) {
    Map<String, Object> body = new java.util.HashMap<>(Map.of("email", email, "password", "correct horse battery",
        "displayName", "Test " + role, "role", role));
    if (shopIds != null) {
      body.put("shopIds", shopIds);
    }
    return web.post().uri("/v1/users").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
        .exchange().expectStatus().isCreated()
        .expectBody(Map.class).returnResult().getResponseBody();
  }

  /** Signs in with the password {@link #register} uses; returns the access token. */
  @SuppressWarnings("unchecked")
  protected String signIn(String email) {
    Map<String, Object> session = web.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("email", email, "password", "correct horse battery"))
        .exchange().expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody();
    return (String) session.get("accessToken");
  }

  protected String newCustomer() {
    String email = unique("customer") + "@example.com";
    register(email, "customer", null);
    return signIn(email);
  }

  protected String newMerchant(String... shops) {
    String email = unique("merchant") + "@example.com";
    register(email, "merchant", List.of(shops));
    return signIn(email);
  }

  protected static String bearer(String token) {
    return "Bearer " + token;
  }

  protected static HttpHeaders json() {
    HttpHeaders h = new HttpHeaders();
    h.setContentType(MediaType.APPLICATION_JSON);
    return h;
  }
}
