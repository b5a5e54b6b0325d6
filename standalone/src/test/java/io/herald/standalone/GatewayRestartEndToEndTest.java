package io.herald.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.HeraldInfra;
import io.herald.testkit.WithHeraldInfra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A delivery gateway (its own process) is killed with SIGKILL while a dashboard and two chat clients
 * are connected, and a new one starts on the same address. Meanwhile checkouts and messages keep
 * coming. The dashboard resumes with its Last-Event-ID and the chat client with its last seq (hello)
 * and its delivered cursor: each gets exactly what it missed, in order, then live traffic; nothing
 * lost, nothing twice.
 *
 * <p>The delivered cursor is what makes the chat resume exact here: a {@code hello} that reaches a
 * freshly started (cold, busy) gateway after its 200 ms hello wait is refused ("its resume was not
 * used") and catch-up starts after the delivered cursor instead. Found by this test.
 */
@WithHeraldInfra
class GatewayRestartEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  @RegisterExtension
  static final SharedPlatform shared = new SharedPlatform();

  @Test
  void dashboardsAndChatClientsResumeExactlyOnANewGatewayAfterAKill() throws Exception {
    String shop = "shop-" + UUID.randomUUID().toString().substring(0, 8);
    String merchant = shared.api().signUp("merchant", List.of(shop));
    String alice = shared.api().signUp("customer", List.of());
    String bob = shared.api().signUp("customer", List.of());
    String bobId = shared.api().userId(bob);
    String conversation = shared.api().directConversation(alice, bobId);
    shared.api().awaitConversation(alice, conversation);
    int port = Platform.freePort();

    String lastEventId;
    long lastSeq;
    try (KillableProcess gateway = gateway(port);
         SseRecorder dashboard = new SseRecorder(stream(port, shop, merchant, null)).awaitConnected();
         ChatSocket a = ChatSocket.open(port, alice, "a-phone", null);
         ChatSocket b = ChatSocket.open(port, bob, "b-phone", null)) {
      for (int i = 1; i <= 3; i++) {
        checkout(shop, alice, "c" + i);
        a.sendMessage("r" + i, conversation, "m" + i, "message " + i);
        assertThat(a.answer("r" + i).get("type").asString()).isEqualTo("sent"); // one at a time: seq order = send order
      }
      List<String> seen = new ArrayList<>();
      ServerSentEvent<String> e = null;
      while (seen.size() < 3) {
        e = dashboard.next(SseRecorder.checkouts(), WAIT);
        seen.add(checkoutId(e));
      }
      assertThat(seen).containsExactly("c1", "c2", "c3");
      lastEventId = e.id();
      List<JsonNode> got = b.messages(conversation, 3);
      assertThat(got).extracting(m -> m.get("body").asString()).containsExactly("message 1", "message 2", "message 3");
      lastSeq = got.get(2).get("seq").asLong();
      // as apps do: acknowledge delivery, so a reconnect resumes after it even if its hello comes late
      b.cursor("delivered", conversation, lastSeq);
      a.awaitCursor(conversation, bobId, "deliveredUpTo", lastSeq, WAIT);

      gateway.kill(); // no goodbye to anyone
    }

    // while no gateway runs, the platform keeps accepting
    for (int i = 4; i <= 6; i++) {
      checkout(shop, alice, "c" + i);
      shared.api().ingest.post().uri("/v1/conversations/{c}/messages", conversation).contentType(MediaType.APPLICATION_JSON)
          .headers(h -> h.setBearerAuth(alice)).bodyValue(Map.of("clientMsgId", "m" + i, "body", "message " + i))
          .retrieve().toBodilessEntity().block(WAIT);
    }

    ObjectNode resume = ChatSocket.JSON.createObjectNode().put(conversation, lastSeq);
    try (KillableProcess gateway = gateway(port);
         SseRecorder dashboard = new SseRecorder(stream(port, shop, merchant, lastEventId)).awaitConnected();
         ChatSocket b = ChatSocket.open(port, bob, "b-phone", resume)) {
      List<String> missed = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        missed.add(checkoutId(dashboard.next(SseRecorder.checkouts(), WAIT)));
      }
      assertThat(missed).as("exactly what the dashboard missed").containsExactly("c4", "c5", "c6");
      List<JsonNode> caughtUp = b.messages(conversation, 3);
      assertThat(caughtUp).extracting(m -> m.get("seq").asLong()).containsExactly(lastSeq + 1, lastSeq + 2, lastSeq + 3);
      assertThat(caughtUp).extracting(m -> m.get("body").asString()).containsExactly("message 4", "message 5", "message 6");

      checkout(shop, alice, "c7");
      shared.api().ingest.post().uri("/v1/conversations/{c}/messages", conversation).contentType(MediaType.APPLICATION_JSON)
          .headers(h -> h.setBearerAuth(alice)).bodyValue(Map.of("clientMsgId", "m7", "body", "message 7"))
          .retrieve().toBodilessEntity().block(WAIT);
      assertThat(checkoutId(dashboard.next(SseRecorder.checkouts(), WAIT))).as("then live, nothing repeated").isEqualTo("c7");
      assertThat(b.messages(conversation, 1).get(0).get("seq").asLong()).isEqualTo(lastSeq + 4);
      assertThat(dashboard.drain(SseRecorder.checkouts())).as("no checkout twice").isEmpty();
      assertThat(b.within("message", Duration.ofMillis(500))).as("no message twice").isEmpty();
    }
  }

  private static KillableProcess gateway(int port) throws Exception {
    StandaloneSettings st = shared.platform().settings();
    return KillableProcess.gateway(port, List.of(
        "--spring.kafka.bootstrap-servers=" + shared.platform().bootstrapServers(),
        "--herald.topics.create=false",
        "--herald.gateway.mongo.uri=" + HeraldInfra.mongoUri(),
        "--herald.gateway.auth.jwks-uri=" + st.url(st.ingestPort()) + "/.well-known/jwks.json"));
  }

  private static Flux<ServerSentEvent<String>> stream(int port, String shop, String token, String lastEventId) {
    return WebClient.create("http://127.0.0.1:" + port).get().uri("/v1/shops/{shop}/stream", shop)
        .accept(MediaType.TEXT_EVENT_STREAM)
        .headers(h -> {
          h.setBearerAuth(token);
          if (lastEventId != null) {
            h.set("Last-Event-ID", lastEventId);
          }
        })
        .retrieve().bodyToFlux(Api.SSE);
  }

  private static void checkout(String shop, String token, String checkoutId) {
    shared.api().ingest.post().uri("/v1/shops/{shop}/checkouts", shop).contentType(MediaType.APPLICATION_JSON)
        .headers(h -> h.setBearerAuth(token)).bodyValue(Api.checkout(checkoutId))
        .retrieve().toBodilessEntity().block(WAIT);
  }

  private static String checkoutId(ServerSentEvent<String> e) {
    return ChatSocket.JSON.readTree(e.data()).get("checkoutId").asString();
  }
}
