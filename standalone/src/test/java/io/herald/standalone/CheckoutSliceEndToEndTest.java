package io.herald.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.events.CheckoutCompleted;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.KafkaProbe;
import io.herald.testkit.WithHeraldInfra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The first complete job, end to end on the real broker with every service running: a customer
 * posts a checkout over HTTP and the merchant's dashboard stream receives it live and resumably.
 */
@WithHeraldInfra
class CheckoutSliceEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  @RegisterExtension
  static final SharedPlatform shared = new SharedPlatform();

  private static String shop() {
    return "shop-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static ResponseEntity<Map<String, Object>> post(String shop, String token, Object body, String idempotencyKey) {
    return shared.api().ingest.post().uri("/v1/shops/{shop}/checkouts", shop).contentType(MediaType.APPLICATION_JSON)
        .headers(h -> {
          h.setBearerAuth(token);
          if (idempotencyKey != null) {
            h.set("Idempotency-Key", idempotencyKey);
          }
        })
        .bodyValue(body).exchangeToMono(r -> r.toEntity(Api.JSON)).block(WAIT);
  }

  @Test
  void merchantSeesCheckoutsLiveAndResumesExactlyAfterLastEventId() throws Exception {
    String shopA = shop();
    String merchant = shared.api().signUp("merchant", List.of(shopA));
    String customer = shared.api().signUp("customer", List.of());

    String lastId;
    try (SseRecorder live = new SseRecorder(shared.api().stream(shopA, merchant, null)).awaitConnected()) {
      assertThat(post(shopA, customer, Api.checkout("c-1"), null).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
      var first = live.next(SseRecorder.checkouts(), WAIT);
      assertThat(first.data()).contains("\"checkoutId\":\"c-1\"").contains("\"totalMinor\":900");
      lastId = first.id();
      assertThat(lastId).isNotBlank();
      // live figures from the stream processors arrive on the same stream
      assertThat(live.next(e -> "stats".equals(e.event()), WAIT).data()).contains("\"orders\":1");
    }

    // while the dashboard is away, two more checkouts
    post(shopA, customer, Api.checkout("c-2"), null);
    post(shopA, customer, Api.checkout("c-3"), null);

    try (SseRecorder resumed = new SseRecorder(shared.api().stream(shopA, merchant, lastId)).awaitConnected()) {
      assertThat(resumed.next(SseRecorder.checkouts(), WAIT).data()).contains("\"checkoutId\":\"c-2\"");
      assertThat(resumed.next(SseRecorder.checkouts(), WAIT).data()).contains("\"checkoutId\":\"c-3\"");
      // nothing repeated: the next checkout event is the next new one
      post(shopA, customer, Api.checkout("c-4"), null);
      assertThat(resumed.next(SseRecorder.checkouts(), WAIT).data()).contains("\"checkoutId\":\"c-4\"");
      assertThat(resumed.drain(SseRecorder.checkouts())).isEmpty();
    }
  }

  /**
   * After a checkout (with a dashboard open) and a chat message, the services' Prometheus endpoints
   * expose every metric docs/operations.md lists and every metric infra/grafana/herald.json queries,
   * and every metric the dashboard queries is documented.
   */
  @Test
  void everyDocumentedAndDashboardedMetricIsExposed() throws Exception {
    Set<String> dashboard = OperatorMetrics.dashboard();
    Set<String> documented = OperatorMetrics.documented();
    assertThat(dashboard).as("metrics the dashboard queries").hasSizeGreaterThan(10);
    assertThat(documented).as("metrics documented in operations.md").containsAll(dashboard);

    String shopA = shop();
    String merchant = shared.api().signUp("merchant", List.of(shopA));
    String customer = shared.api().signUp("customer", List.of());
    try (SseRecorder live = new SseRecorder(shared.api().stream(shopA, merchant, null)).awaitConnected()) {
      assertThat(post(shopA, customer, Api.checkout("metered"), null).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
      live.next(SseRecorder.checkouts(), WAIT);
    }
    String bob = shared.api().signUp("customer", List.of());
    String bobId = shared.api().userId(bob);
    String conversation = shared.api().directConversation(customer, bobId);
    shared.api().awaitConversation(customer, conversation);
    try (ChatSocket a = ChatSocket.open(shared.platform().settings().gatewayPort(), customer, "a", null);
         ChatSocket b = ChatSocket.open(shared.platform().settings().gatewayPort(), bob, "b", null)) {
      a.sendMessage("m", conversation, "metered-1", "hello");
      assertThat(b.messages(conversation, 1)).hasSize(1);
    }

    StandaloneSettings s = shared.platform().settings();
    List<String> services = List.of(s.url(s.ingestPort()), s.url(s.processorsPort()), s.url(s.gatewayPort()),
        s.url(s.notifierPort()));
    // per-partition consumer metrics appear once a topology's consumers have fetched: wait for them
    await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      Set<String> exposed = new TreeSet<>();
      for (String service : services) {
        exposed.addAll(OperatorMetrics.exposed(service));
      }
      assertThat(exposed).as("exposed by the four services").containsAll(documented);
    });
  }

  @Test
  void theGatewaysPagesAreToldTheRealIngestPortAndMayCallIt() {
    StandaloneSettings s = shared.platform().settings(); // free ports, never the defaults
    Map<String, Object> config = shared.api().gateway.get().uri("/pages/config.json").retrieve().bodyToMono(Api.JSON).block(WAIT);
    assertThat(config).containsEntry("ingestUrl", s.url(s.ingestPort()));
    for (String origin : List.of(s.url(s.gatewayPort()), "http://localhost:" + s.gatewayPort())) {
      ResponseEntity<Void> preflight = shared.api().ingest.options().uri("/v1/tickets").header("Origin", origin)
          .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "authorization,content-type")
          .retrieve().toBodilessEntity().block(WAIT);
      assertThat(preflight.getHeaders().getAccessControlAllowOrigin()).as("CORS for the page's origin %s", origin).isEqualTo(origin);
    }
    ResponseEntity<Void> other = shared.api().ingest.options().uri("/v1/tickets").header("Origin", "http://127.0.0.1:1")
        .header("Access-Control-Request-Method", "POST")
        .exchangeToMono(r -> r.toBodilessEntity()).block(WAIT);
    assertThat(other.getHeaders().getAccessControlAllowOrigin()).as("no other origin").isNull();
  }

  @Test
  void merchantOfAnotherShopIsForbidden() {
    String shopA = shop();
    shared.api().signUp("merchant", List.of(shopA));
    String other = shared.api().signUp("merchant", List.of(shop()));
    var response = shared.api().gateway.get().uri("/v1/shops/{shop}/stream", shopA).headers(h -> h.setBearerAuth(other))
        .exchangeToMono(r -> r.toEntity(String.class)).block(WAIT);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
  }

  @Test
  void invalidCheckoutIsRejectedAndProducesNothing() {
    String shopA = shop();
    shared.api().signUp("merchant", List.of(shopA));
    String customer = shared.api().signUp("customer", List.of());
    Map<Integer, Long> before = KafkaProbe.infra().endOffsets(Topics.CHECKOUTS.name());

    var bad = post(shopA, customer, Map.of("checkoutId", "bad", "currency", "EUR", "totalMinor", 1, "items", List.of()), null);
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(bad.getBody().toString()).contains("items");

    // a marker after it: if the bad one had been produced, it would show up before the marker
    post(shopA, customer, Api.checkout("marker"), null);
    List<CheckoutCompleted> after = KafkaProbe.infra().readValuesAfter(Topics.CHECKOUTS, before, 1, WAIT).stream()
        .filter(c -> c.getShopId().equals(shopA)).toList();
    assertThat(after).extracting(CheckoutCompleted::getCheckoutId).containsExactly("marker");
  }

  /** Tracing is off unless configured (herald.tracing.enabled): nothing writes trace context into records. */
  @Test
  void withTracingOffNoRecordCarriesATraceparent() {
    String shopA = shop();
    shared.api().signUp("merchant", List.of(shopA));
    String customer = shared.api().signUp("customer", List.of());
    Map<Integer, Long> checkoutsBefore = KafkaProbe.infra().endOffsets(Topics.CHECKOUTS.name());
    Map<Integer, Long> statsBefore = KafkaProbe.infra().endOffsets(Topics.SHOP_STATS.name());
    assertThat(post(shopA, customer, Api.checkout("untraced"), null).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    List<ConsumerRecord<byte[], byte[]>> written = new ArrayList<>(
        KafkaProbe.infra().readAfter(Topics.CHECKOUTS.name(), checkoutsBefore, 1, WAIT));
    written.addAll(KafkaProbe.infra().readAfter(Topics.SHOP_STATS.name(), statsBefore, 1, WAIT));
    assertThat(written).allSatisfy(r -> assertThat(r.headers().lastHeader("traceparent")).as("%s record", r.topic()).isNull());
  }

  @Test
  void retriedPostWithSameIdempotencyKeyYieldsOneEvent() {
    String shopA = shop();
    shared.api().signUp("merchant", List.of(shopA));
    String customer = shared.api().signUp("customer", List.of());
    Map<Integer, Long> before = KafkaProbe.infra().endOffsets(Topics.CHECKOUTS.name());
    String key = UUID.randomUUID().toString();

    var first = post(shopA, customer, Api.checkout("retry-me"), key);
    var again = post(shopA, customer, Api.checkout("retry-me"), key);
    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(again.getBody()).isEqualTo(first.getBody());

    post(shopA, customer, Api.checkout("marker"), null);
    List<CheckoutCompleted> after = KafkaProbe.infra().readValuesAfter(Topics.CHECKOUTS, before, 2, WAIT).stream()
        .filter(c -> c.getShopId().equals(shopA)).toList();
    assertThat(after).extracting(CheckoutCompleted::getCheckoutId).containsExactly("retry-me", "marker");
  }

  @Test
  void browserTicketOpensOnlyItsOwnShop() throws Exception {
    String shopA = shop();
    String merchant = shared.api().signUp("merchant", List.of(shopA));
    Map<String, Object> ticket = shared.api().ingest.post().uri("/v1/tickets").contentType(MediaType.APPLICATION_JSON)
        .headers(h -> h.setBearerAuth(merchant)).bodyValue(Map.of("scope", "shop:" + shopA))
        .retrieve().bodyToMono(Api.JSON).block(WAIT);
    String t = (String) ticket.get("ticket");

    var ok = shared.api().gateway.get().uri("/v1/shops/{shop}/stream?ticket={t}", shopA, t).accept(MediaType.TEXT_EVENT_STREAM)
        .retrieve().bodyToFlux(Api.SSE).next().block(WAIT);
    assertThat(ok).isNotNull();

    var elsewhere = shared.api().gateway.get().uri("/v1/shops/{shop}/stream?ticket={t}", shop(), t)
        .exchangeToMono(r -> r.toEntity(String.class)).block(WAIT);
    assertThat(elsewhere.getStatusCode().value()).isIn(401, 403);
    var accessTokenInUrl = shared.api().gateway.get().uri("/v1/shops/{shop}/stream?ticket={t}", shopA, merchant)
        .exchangeToMono(r -> r.toEntity(String.class)).block(WAIT);
    assertThat(accessTokenInUrl.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }
}
