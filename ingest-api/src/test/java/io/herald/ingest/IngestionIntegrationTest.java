package io.herald.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.events.CheckoutCompleted;
import io.herald.events.ShopMessage;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.KafkaProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import io.herald.kafka.tracing.RecordTracing;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;

/** Checkouts and shop messages end to end: HTTP in, acknowledged records on the real broker. */
class IngestionIntegrationTest extends IngestIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private final KafkaProbe kafka = KafkaProbe.infra();

  private static Map<String, Object> checkout(String checkoutId) {
    return Map.of("checkoutId", checkoutId,
        "items", List.of(Map.of("sku", "tea", "name", "Green tea", "quantity", 2, "unitPriceMinor", 350),
            Map.of("sku", "cake", "name", "Cake", "quantity", 1, "unitPriceMinor", 500)),
        "totalMinor", 1200, "currency", "EUR", "channel", "web");
  }

  private WebTestClient.ResponseSpec postCheckout(String token, String shop, Object body, String idempotencyKey) {
    return web.post().uri("/v1/shops/{shop}/checkouts", shop)
        .headers(h -> {
          h.setContentType(MediaType.APPLICATION_JSON);
          if (token != null) {
            h.set(HttpHeaders.AUTHORIZATION, bearer(token));
          }
          if (idempotencyKey != null) {
            h.set("Idempotency-Key", idempotencyKey);
          }
        })
        .bodyValue(body).exchange();
  }

  /**
   * Tracing is off unless herald.tracing.enabled: Herald injects nothing, the tracer is Micrometer's
   * no-op one (HTTP requests make no spans) and there is no span exporter.
   */
  @Test
  void tracingIsOffByDefault(@Autowired ApplicationContext context) {
    assertThat(context.getBean(RecordTracing.class)).isSameAs(RecordTracing.OFF);
    assertThat(context.getBean(Tracer.class)).isSameAs(Tracer.NOOP);
    assertThat(context.getBean(Propagator.class)).isSameAs(Propagator.NOOP);
    assertThat(context.getBeanNamesForType(SpanExporter.class)).isEmpty();
    // a request that arrives with a trace context gets no span either (the receiving handler goes
    // through the propagator, which would otherwise build an SDK span per request)
    ServerRequestObservationContext request = new ServerRequestObservationContext(
        MockServerHttpRequest.get("/v1/checkouts").header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").build(),
        new MockServerHttpResponse(), Map.of());
    Observation observation = Observation.start("http.server.requests", () -> request,
        context.getBean(ObservationRegistry.class));
    TracingObservationHandler.TracingContext tracing = request.get(TracingObservationHandler.TracingContext.class);
    Span span = tracing == null ? null : tracing.getSpan();
    boolean noSpan = span == null || span.isNoop(); // while the request is open: an ended span no longer records
    observation.stop();
    assertThat(noSpan).as("span of a request while tracing is off: %s", span).isTrue();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> accepted(WebTestClient.ResponseSpec spec) {
    return spec.expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
  }

  /** The checkouts on {@code shop}'s partition after {@code before}, up to and including {@code marker}. */
  private List<CheckoutCompleted> checkoutsUpTo(String shop, Map<Integer, Long> before, String marker) {
    List<CheckoutCompleted> seen = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (seen.stream().noneMatch(c -> c.getCheckoutId().equals(marker))) {
      assertThat(System.nanoTime()).as("marker %s on checkouts", marker).isLessThan(deadline);
      seen = kafka.readAfter(Topics.CHECKOUTS, before, 1, WAIT).stream()
          .filter(r -> shop.equals(r.key())).map(ConsumerRecord::value).toList();
    }
    return seen;
  }

  @Test
  void aCheckoutIsAcceptedOnlyOnceOnTheBrokerKeyedByShop() {
    String token = newCustomer();
    String shop = unique("shop");
    Map<Integer, Long> before = kafka.endOffsets(Topics.CHECKOUTS.name());
    Instant occurred = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
    Map<String, Object> body = new java.util.HashMap<>(checkout("c-1"));
    body.put("occurredAt", occurred.toString());
    body.put("customerId", "someone-else"); // ignored: the customer is whoever the token names

    Map<String, Object> answer = accepted(postCheckout(token, shop, body, null));

    assertThat(answer).containsEntry("topic", Topics.CHECKOUTS.name()).containsKeys("eventId", "partition", "offset");
    int partition = ((Number) answer.get("partition")).intValue();
    long offset = ((Number) answer.get("offset")).longValue();
    int partitions = before.size();
    assertThat(partition).isEqualTo(Utils.toPositive(Utils.murmur2(shop.getBytes(StandardCharsets.UTF_8))) % partitions);

    ConsumerRecord<String, CheckoutCompleted> record = kafka.readAfter(Topics.CHECKOUTS, before, 1, WAIT).stream()
        .filter(r -> r.partition() == partition && r.offset() == offset).findFirst().orElseThrow();
    assertThat(record.key()).isEqualTo(shop);
    assertThat(record.timestamp()).isEqualTo(occurred.toEpochMilli());
    CheckoutCompleted event = record.value();
    assertThat(event.getEventId()).hasToString((String) answer.get("eventId"));
    assertThat(event.getShopId()).isEqualTo(shop);
    assertThat(event.getCheckoutId()).isEqualTo("c-1");
    assertThat(event.getCustomerId()).isEqualTo(userIdOf(token));
    assertThat(event.getTotalMinor()).isEqualTo(1200L);
    assertThat(event.getItems()).hasSize(2);
    assertThat(event.getChannel()).isEqualTo("web");
    assertThat(event.getOccurredAt()).isEqualTo(occurred);
  }

  @Test
  void anInvalidCheckoutIs400NamingTheFieldAndProducesNothing() {
    String token = newCustomer();
    String shop = unique("shop");
    Map<Integer, Long> before = kafka.endOffsets(Topics.CHECKOUTS.name());
    Map<String, Object> wrongTotal = new java.util.HashMap<>(checkout("bad"));
    wrongTotal.put("totalMinor", 1);

    postCheckout(token, shop, wrongTotal, null).expectStatus().isBadRequest()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status").isEqualTo(400)
        .jsonPath("$.errors[0].field").isEqualTo("totalMinor");

    // Same shop, same partition: if the bad one had been produced it would come before the marker.
    accepted(postCheckout(token, shop, checkout("marker"), null));
    assertThat(checkoutsUpTo(shop, before, "marker")).extracting(CheckoutCompleted::getCheckoutId).containsExactly("marker");
  }

  @Test
  void aMalformedValueIs400NamingItsPath() {
    String token = newCustomer();
    Map<String, Object> body = new java.util.HashMap<>(checkout("typed"));
    body.put("items", List.of(Map.of("sku", "s", "name", "n", "quantity", "two", "unitPriceMinor", 1)));
    postCheckout(token, unique("shop"), body, null).expectStatus().isBadRequest()
        .expectBody().jsonPath("$.errors[0].field").isEqualTo("items[0].quantity");
    web.post().uri("/v1/shops/s/checkouts").header(HttpHeaders.AUTHORIZATION, bearer(token))
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{not json").exchange()
        .expectStatus().isBadRequest()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void aRetriedCheckoutWithTheSameKeyReturnsTheFirstAnswerAndProducesOneRecord() {
    String token = newCustomer();
    String shop = unique("shop");
    Map<Integer, Long> before = kafka.endOffsets(Topics.CHECKOUTS.name());

    byte[] first = postCheckout(token, shop, checkout("once"), "key-1").expectStatus().isAccepted()
        .expectHeader().doesNotExist("Idempotent-Replayed")
        .expectBody().returnResult().getResponseBody();
    byte[] retry = postCheckout(token, shop, checkout("once"), "key-1").expectStatus().isAccepted()
        .expectHeader().valueEquals("Idempotent-Replayed", "true")
        .expectBody().returnResult().getResponseBody();
    assertThat(new String(retry, StandardCharsets.UTF_8)).isEqualTo(new String(first, StandardCharsets.UTF_8));

    postCheckout(token, shop, checkout("different"), "key-1").expectStatus().isEqualTo(422)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

    accepted(postCheckout(token, shop, checkout("marker"), null));
    assertThat(checkoutsUpTo(shop, before, "marker")).extracting(CheckoutCompleted::getCheckoutId)
        .containsExactly("once", "marker");
  }

  @Test
  void merchantsPostOnlyToTheirOwnShops() {
    String shopA = unique("A");
    String shopB = unique("B");
    String merchantOfB = newMerchant(shopB);
    postCheckout(merchantOfB, shopA, checkout("x"), null).expectStatus().isForbidden()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    accepted(postCheckout(merchantOfB, shopB, checkout("y"), null));
  }

  @Test
  void missingOrTamperedTokensAre401() {
    postCheckout(null, "shop", checkout("x"), null).expectStatus().isUnauthorized()
        .expectHeader().exists(HttpHeaders.WWW_AUTHENTICATE)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

    String token = newCustomer();
    String[] parts = token.split("\\.");
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String forged = claims.replace("\"customer\"", "\"merchant\"");
    assertThat(forged).isNotEqualTo(claims);
    String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    postCheckout(tampered, "shop", checkout("x"), null).expectStatus().isUnauthorized();
    postCheckout("not-a-jwt", "shop", checkout("x"), null).expectStatus().isUnauthorized();
  }

  @Test
  void oversizedBodiesAre413AndOtherMediaTypes415() {
    String token = newCustomer();
    String huge = "{\"checkoutId\":\"" + "x".repeat(70 * 1024) + "\"}";
    web.post().uri("/v1/shops/s/checkouts").header(HttpHeaders.AUTHORIZATION, bearer(token))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(huge).exchange()
        .expectStatus().isEqualTo(413)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    // Chunked (no Content-Length): cut off while streaming.
    Flux<DataBuffer> chunks = Flux.range(0, 70).map(i -> DefaultDataBufferFactory.sharedInstance
        .wrap(("{\"pad\":\"" + "x".repeat(1000) + "\"}").getBytes(StandardCharsets.UTF_8)));
    web.post().uri("/v1/shops/s/checkouts").header(HttpHeaders.AUTHORIZATION, bearer(token))
        .contentType(MediaType.APPLICATION_JSON).body(BodyInserters.fromDataBuffers(chunks)).exchange()
        .expectStatus().isEqualTo(413);
    web.post().uri("/v1/shops/s/checkouts").header(HttpHeaders.AUTHORIZATION, bearer(token))
        .contentType(MediaType.TEXT_PLAIN).bodyValue("hello").exchange()
        .expectStatus().isEqualTo(415)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void aShopMessageIsAcceptedOntoShopMessages() {
    String token = newCustomer();
    String shop = unique("shop");
    Map<Integer, Long> before = kafka.endOffsets(Topics.SHOP_MESSAGES.name());
    Map<String, Object> answer = accepted(web.post().uri("/v1/shops/{shop}/messages", shop)
        .header(HttpHeaders.AUTHORIZATION, bearer(token)).contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("kind", "order.note", "body", "no onions\nplease", "attributes", Map.of("table", "7")))
        .exchange());
    assertThat(answer).containsEntry("topic", Topics.SHOP_MESSAGES.name());

    ShopMessage message = kafka.readAfter(Topics.SHOP_MESSAGES, before, 1, WAIT).stream()
        .filter(r -> shop.equals(r.key())).map(ConsumerRecord::value).findFirst().orElseThrow();
    assertThat(message.getEventId()).hasToString((String) answer.get("eventId"));
    assertThat(message.getSenderId()).isEqualTo(userIdOf(token));
    assertThat(message.getBody()).isEqualTo("no onions\nplease");
    assertThat(message.getAttributes()).containsEntry("table", "7");

    web.post().uri("/v1/shops/{shop}/messages", shop)
        .header(HttpHeaders.AUTHORIZATION, bearer(token)).contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("kind", "order.note", "body", "x".repeat(4097))).exchange()
        .expectStatus().isBadRequest()
        .expectBody().jsonPath("$.errors[0].field").isEqualTo("body");
  }

  @Test
  void aMalformedShopIdIs400OnEveryShopPost() {
    String token = newCustomer();
    for (String route : List.of("checkouts", "messages")) {
      web.post().uri("/v1/shops/{shop}/" + route, "x".repeat(65))
          .header(HttpHeaders.AUTHORIZATION, bearer(token)).contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("kind", "order.note", "body", "hi")).exchange()
          .expectStatus().isBadRequest()
          .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody().jsonPath("$.errors[0].field").isEqualTo("shopId");
    }
  }

  @SuppressWarnings("unchecked")
  private String userIdOf(String token) {
    return (String) web.get().uri("/v1/users/me").header(HttpHeaders.AUTHORIZATION, bearer(token)).exchange()
        .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("userId");
  }
}
