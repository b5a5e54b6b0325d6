package io.herald.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.herald.embedded.OwnNettyResources;
import io.herald.embedded.kafka.EmbeddedKafkaBroker;
import io.herald.gateway.GatewayApplication;
import io.herald.testkit.HeraldInfra;
import io.herald.testkit.TlsMaterial;
import io.herald.testkit.WithHeraldInfra;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/**
 * TLS end to end: the embedded broker with a TLS listener (certificate made here by keytool), and
 * every service pointed at that listener only through the documented Spring Boot settings
 * ({@code spring.kafka.security.protocol}, {@code spring.kafka.ssl.bundle}, {@code spring.ssl.bundle.*};
 * docs/operations.md, TLS): a checkout posted over HTTP reaches a merchant's SSE stream, then the
 * same through a gateway serving HTTPS ({@code server.ssl.bundle}). A client that does not trust
 * the certificate is refused, on Kafka and on HTTPS. The notifier, with no HTTP path to observe,
 * must have joined its consumer group over TLS.
 */
@WithHeraldInfra
class KafkaTlsEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void everyServiceTalksToKafkaOverTlsAndTheGatewayServesHttps(@TempDir Path dir) throws Exception {
    TlsMaterial tls = TlsMaterial.create(dir);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().tlsListener(0, tls.keyStore(), tls.password())
        .dataDir(dir.resolve("kafka")).start()) {
      assertUntrustedKafkaClientIsRefused(broker.tlsBootstrapServers());

      Map<String, Object> kafkaTls = new LinkedHashMap<>();
      kafkaTls.put("spring.kafka.security.protocol", "SSL");
      kafkaTls.put("spring.kafka.ssl.bundle", "herald-kafka");
      kafkaTls.put("spring.ssl.bundle.jks.herald-kafka.truststore.location", tls.trustStoreUrl());
      kafkaTls.put("spring.ssl.bundle.jks.herald-kafka.truststore.password", tls.password());
      kafkaTls.put("spring.ssl.bundle.jks.herald-kafka.truststore.type", "PKCS12");
      StandaloneSettings settings = Platform.settings();
      try (HeraldPlatform platform = HeraldPlatform.startServices(settings, broker.tlsBootstrapServers(),
          HeraldInfra.mongoUri(), kafkaTls)) {
        Api api = new Api(platform);
        String shop = "tls-" + UUID.randomUUID().toString().substring(0, 8);
        String merchant = api.signUp("merchant", List.of(shop));
        String customer = api.signUp("customer", List.of());

        try (SseRecorder live = new SseRecorder(api.stream(shop, merchant, null)).awaitConnected()) {
          assertThat(postCheckout(api, shop, customer, "over-tls")).isEqualTo(HttpStatus.ACCEPTED);
          assertThat(live.next(SseRecorder.checkouts(), WAIT).data()).contains("\"checkoutId\":\"over-tls\"");
          assertThat(live.next(e -> "stats".equals(e.event()), WAIT).data()).as("figures from the processors")
              .contains("\"orders\":1");
        }

        assertNotifierJoinedItsGroup(broker.tlsBootstrapServers(), tls);

        // the gateway over HTTPS (Spring Boot's server.ssl with an SSL bundle), still on Kafka over TLS
        List<String> args = new ArrayList<>();
        kafkaTls.forEach((k, v) -> args.add("--" + k + "=" + v));
        args.addAll(List.of("--server.port=0", "--spring.main.banner-mode=off",
            "--spring.kafka.bootstrap-servers=" + broker.tlsBootstrapServers(),
            "--herald.topics.partitions=" + settings.partitions(),
            "--herald.gateway.mongo.uri=" + HeraldInfra.mongoUri(),
            "--herald.gateway.auth.jwks-uri=" + settings.url(settings.ingestPort()) + "/.well-known/jwks.json",
            "--server.ssl.bundle=herald-http",
            "--spring.ssl.bundle.jks.herald-http.keystore.location=" + tls.keyStoreUrl(),
            "--spring.ssl.bundle.jks.herald-http.keystore.password=" + tls.password(),
            "--spring.ssl.bundle.jks.herald-http.keystore.type=PKCS12"));
        ConfigurableApplicationContext https = GatewayApplication.builder().initializers(new OwnNettyResources())
            .run(args.toArray(String[]::new));
        try {
          int port = ((WebServerApplicationContext) https).getWebServer().getPort();
          String base = "https://localhost:" + port;
          Throwable refused = catchThrowable(() -> WebClient.create(base).get().uri("/actuator/health").retrieve()
              .toBodilessEntity().block(WAIT));
          assertThat(causedBy(refused, SSLException.class)).as("an HTTPS client that does not trust the certificate: %s", refused)
              .isTrue();

          io.netty.handler.ssl.SslContext trustsTheCertificate = clientContext(tls);
          WebClient trusting = WebClient.builder().baseUrl(base).clientConnector(new ReactorClientHttpConnector(
              HttpClient.create().secure(s -> s.sslContext(trustsTheCertificate)))).build();
          var stream = trusting.get().uri("/v1/shops/{shop}/stream", shop).accept(MediaType.TEXT_EVENT_STREAM)
              .headers(h -> h.setBearerAuth(merchant)).retrieve().bodyToFlux(Api.SSE);
          try (SseRecorder overHttps = new SseRecorder(stream).awaitConnected()) {
            assertThat(postCheckout(api, shop, customer, "over-https")).isEqualTo(HttpStatus.ACCEPTED);
            assertThat(overHttps.next(SseRecorder.checkouts(), WAIT).data()).contains("\"checkoutId\":\"over-https\"");
          }
        } finally {
          https.close();
        }
      }
    }
  }

  private static HttpStatus postCheckout(Api api, String shop, String token, String checkoutId) {
    return HttpStatus.valueOf(api.ingest.post().uri("/v1/shops/{shop}/checkouts", shop).contentType(MediaType.APPLICATION_JSON)
        .headers(h -> h.setBearerAuth(token)).bodyValue(Api.checkout(checkoutId))
        .exchangeToMono(r -> r.toBodilessEntity()).block(WAIT).getStatusCode().value());
  }

  /** A Kafka client without the trust store cannot even list topics on the TLS listener. */
  private static void assertUntrustedKafkaClientIsRefused(String tlsBootstrap) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, tlsBootstrap,
        AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SSL", AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000))) {
      Throwable failure = catchThrowable(() -> admin.listTopics().names().get());
      assertThat(causedBy(failure, SslAuthenticationException.class))
          .as("listing topics without trusting the broker: %s", failure).isTrue();
    }
  }

  /** The notifier (no HTTP path to observe here) consumes over TLS: its group has a member. */
  private static void assertNotifierJoinedItsGroup(String tlsBootstrap, TlsMaterial tls) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, tlsBootstrap,
        AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SSL", "ssl.truststore.location", tls.trustStore().toString(),
        "ssl.truststore.password", tls.password(), "ssl.truststore.type", "PKCS12"))) {
      // GroupIdNotFoundException until the notifier has joined
      org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
          .alias("herald-notifier group has a member").ignoreExceptions()
          .until(() -> admin.describeConsumerGroups(List.of("herald-notifier")).all().get().get("herald-notifier")
              .members().size(), n -> n > 0);
    }
  }

  private static io.netty.handler.ssl.SslContext clientContext(TlsMaterial tls) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(tls.trustStore())) {
      trust.load(in, tls.password().toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    return SslContextBuilder.forClient().trustManager(tmf).build();
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
