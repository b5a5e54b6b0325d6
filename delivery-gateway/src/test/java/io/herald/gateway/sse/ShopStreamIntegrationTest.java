package io.herald.gateway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.gateway.GatewayIntegrationTestBase;
import io.herald.gateway.HttpProbe;
import io.herald.gateway.SseClient;
import io.herald.gateway.ShopEvents;
import io.herald.gateway.TestTokens;
import io.herald.gateway.shopfeed.ShopPartitions;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.HeraldInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ShopStreamIntegrationTest extends GatewayIntegrationTestBase {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void aMerchantReceivesACheckoutAsJsonWithACursorId() {
    String shop = newShop();
    try (SseClient sse = SseClient.open(port, shop, TestTokens.merchant(shop)).awaitConnected()) {
      RecordMetadata written = kafka.send(shop, ShopEvents.checkout(shop, "c-1"));

      ServerSentEvent<String> e = sse.nextEvent(WAIT);

      assertThat(e.event()).isEqualTo("checkout");
      assertThat(e.id()).startsWith("1." + written.partition() + "." + (written.offset() + 1) + ".");
      JsonNode json = JSON.readTree(e.data());
      assertThat(json.get("checkoutId").asString()).isEqualTo("c-1");
      assertThat(json.get("shopId").asString()).isEqualTo(shop);
      assertThat(json.get("customerId").asString()).isEqualTo("customer-1");
      assertThat(json.get("totalMinor").asLong()).isEqualTo(680);
      assertThat(json.get("currency").asString()).isEqualTo("EUR");
      assertThat(json.get("channel").asString()).isEqualTo("app");
      assertThat(json.get("items").get(0).get("sku").asString()).isEqualTo("sku-1");
      assertThat(json.get("items").get(0).get("quantity").asInt()).isEqualTo(2);
      assertThat(json.get("items").get(0).get("unitPriceMinor").asLong()).isEqualTo(250);
      assertThat(Instant.parse(json.get("occurredAt").asString())).isBefore(Instant.now().plusSeconds(1));
      assertThat(json.get("receivedAt").isString()).isTrue();
      assertThat(json.get("eventId").asString()).hasSize(36);
    }
  }

  @Test
  void messagesAndStatsArriveWithTheirOwnEventNames() {
    String shop = newShop();
    try (SseClient sse = SseClient.open(port, shop, TestTokens.merchant(shop)).awaitConnected()) {
      kafka.send(shop, ShopEvents.message(shop, "table 4 wants water"));
      kafka.send(shop, ShopEvents.stats(shop, 3));

      List<ServerSentEvent<String>> events = sse.nextEvents(2, WAIT);

      assertThat(events).extracting(ServerSentEvent::event).containsExactly("message", "stats");
      JsonNode message = JSON.readTree(events.get(0).data());
      assertThat(message.get("body").asString()).isEqualTo("table 4 wants water");
      assertThat(message.get("kind").asString()).isEqualTo("order.note");
      assertThat(message.get("senderId").asString()).isEqualTo("customer-1");
      assertThat(message.get("attributes").get("table").asString()).isEqualTo("4");
      JsonNode stats = JSON.readTree(events.get(1).data());
      assertThat(stats.get("orders").asLong()).isEqualTo(3);
      assertThat(stats.get("revenueMinor").get("EUR").asLong()).isEqualTo(2040);
      assertThat(stats.get("itemsSold").asLong()).isEqualTo(9);
      assertThat(stats.get("topItems").get(0).get("name").asString()).isEqualTo("Espresso");
      assertThat(stats.get("windowStart").asString()).endsWith(":00Z");
    }
  }

  @Test
  void reconnectingWithLastEventIdDeliversExactlyTheMissedEvents() {
    String shop = newShop();
    String token = TestTokens.merchant(shop);
    String lastId;
    try (SseClient sse = SseClient.open(port, shop, token).awaitConnected()) {
      kafka.send(shop, ShopEvents.checkout(shop, "c-1"));
      lastId = sse.nextEvent(WAIT).id();
    }
    kafka.send(shop, ShopEvents.checkout(shop, "c-2"));
    kafka.send(shop, ShopEvents.message(shop, "m-3"));

    try (SseClient sse = SseClient.open(port, "/v1/shops/" + shop + "/stream", token, lastId).awaitConnected()) {
      List<ServerSentEvent<String>> missed = sse.nextEvents(2, WAIT);
      kafka.send(shop, ShopEvents.checkout(shop, "c-4"));
      ServerSentEvent<String> live = sse.nextEvent(WAIT);

      assertThat(missed).extracting(this::label).containsExactly("c-2", "m-3");
      assertThat(label(live)).as("next after the missed ones: nothing repeated").isEqualTo("c-4");
    }
  }

  @Test
  void theLastEventIdQueryParameterResumesAndTheHeaderWinsOverIt() {
    String shop = newShop();
    String token = TestTokens.merchant(shop);
    List<String> ids;
    try (SseClient sse = SseClient.open(port, shop, token).awaitConnected()) {
      kafka.send(shop, ShopEvents.checkout(shop, "c-1"));
      kafka.send(shop, ShopEvents.checkout(shop, "c-2"));
      ids = sse.nextEvents(2, WAIT).stream().map(ServerSentEvent::id).toList();
    }
    kafka.send(shop, ShopEvents.checkout(shop, "c-3"));

    try (SseClient byParam = SseClient.open(port, "/v1/shops/" + shop + "/stream?lastEventId=" + ids.get(0), token, null)
        .awaitConnected();
         SseClient byHeader = SseClient.open(port, "/v1/shops/" + shop + "/stream?lastEventId=" + ids.get(0), token,
             ids.get(1)).awaitConnected()) {
      assertThat(byParam.nextEvents(2, WAIT)).extracting(this::label).containsExactly("c-2", "c-3");
      assertThat(label(byHeader.nextEvent(WAIT))).isEqualTo("c-3");
    }
  }

  @Test
  void lastMinutesReplaysTheWindowInOrderThenGoesLive() {
    String shop = newShop();
    kafka.sendAt(Topics.CHECKOUTS, shop, ShopEvents.checkout(shop, "c-old"), Instant.now().minus(Duration.ofMinutes(10)));
    kafka.send(shop, ShopEvents.checkout(shop, "c-1"));
    kafka.send(shop, ShopEvents.message(shop, "m-2"));
    kafka.send(shop, ShopEvents.checkout(shop, "c-3"));

    try (SseClient sse = SseClient.open(port, "/v1/shops/" + shop + "/stream?lastMinutes=5", TestTokens.merchant(shop), null)
        .awaitConnected()) {
      List<ServerSentEvent<String>> replayed = sse.nextEvents(3, WAIT);
      kafka.send(shop, ShopEvents.message(shop, "m-4"));

      assertThat(replayed).extracting(this::label).containsExactly("c-1", "m-2", "c-3");
      assertThat(label(sse.nextEvent(WAIT))).isEqualTo("m-4");
    }
  }

  @Test
  void aFreshClientWithoutCursorOrMinutesGetsOnlyLiveEvents() {
    String shop = newShop();
    // "Live" means from what the gateway's live feed has read when the client connects; a witness
    // stream that already got c-before proves the feed is past it (no race with its poll loop).
    try (SseClient witness = SseClient.open(port, shop, TestTokens.merchant(shop)).awaitConnected()) {
      kafka.send(shop, ShopEvents.checkout(shop, "c-before"));
      assertThat(label(witness.nextEvent(WAIT))).isEqualTo("c-before");
    }
    try (SseClient sse = SseClient.open(port, shop, TestTokens.merchant(shop)).awaitConnected()) {
      kafka.send(shop, ShopEvents.checkout(shop, "c-after"));

      assertThat(label(sse.nextEvent(WAIT))).isEqualTo("c-after");
    }
  }

  @Test
  void malformedOrForeignCursorsAndBadMinutesAre400ProblemDetails() {
    String shop = newShop();
    String token = TestTokens.merchant(shop);
    int partition = ShopPartitions.partitionFor(shop, HeraldInfra.partitions());
    String foreign = "1." + ((partition + 1) % HeraldInfra.partitions()) + ".0.0.0";

    for (String query : List.of("?lastEventId=garbage", "?lastEventId=" + foreign, "?lastEventId=2.0.0.0.0",
        "?lastMinutes=0", "?lastMinutes=61", "?lastMinutes=ten")) {
      ResponseEntity<String> r = HttpProbe.get(port, "/v1/shops/" + shop + "/stream" + query, h -> h.setBearerAuth(token));

      assertThat(r.getStatusCode()).as(query).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
      assertThat(JSON.readTree(r.getBody()).get("status").asInt()).isEqualTo(400);
    }
    ResponseEntity<String> header = HttpProbe.get(port, "/v1/shops/" + shop + "/stream", h -> {
      h.setBearerAuth(token);
      h.set("Last-Event-ID", "1.x");
    });
    assertThat(header.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void servesTheDashboardHealthAndPrometheusMetrics() {
    ResponseEntity<String> page = HttpProbe.get(port, "/dashboard");
    assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(page.getBody()).contains("/dashboard/dashboard.js");
    assertThat(HttpProbe.get(port, "/dashboard/dashboard.js").getBody()).contains("new EventSource(");
    assertThat(page.getHeaders().getFirst("Content-Security-Policy"))
        .as("no inline script; connections to this gateway and the configured ingest API only")
        .contains("script-src 'self';", "connect-src 'self' http://127.0.0.1:8081;").doesNotContain("unsafe");
    assertThat(HttpProbe.get(port, "/chat").getBody()).contains("/chat/chat.js");
    assertThat(HttpProbe.get(port, "/pages/config.json").getBody()).isEqualTo("{\"ingestUrl\":\"http://127.0.0.1:8081\"}");

    ResponseEntity<String> health = HttpProbe.get(port, "/actuator/health");
    assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(health.getBody()).contains("\"UP\"");

    ResponseEntity<String> metrics = HttpProbe.get(port, "/actuator/prometheus");
    assertThat(metrics.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(metrics.getBody()).contains("herald_gateway_streams_open", "herald_gateway_events_sent_total",
        "herald_gateway_overflow_disconnects_total", "herald_gateway_replays_total", "herald_gateway_feed_live_consumers");
  }

  /** The checkout id or message body: what a test produced. */
  private String label(ServerSentEvent<String> e) {
    JsonNode json = JSON.readTree(e.data());
    return "checkout".equals(e.event()) ? json.get("checkoutId").asString() : json.get("body").asString();
  }
}
