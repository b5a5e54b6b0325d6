package io.herald.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.HeraldInfra;
import io.herald.testkit.WithHeraldInfra;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Presence end to end on the real broker: gateways publish sessions and one liveness beat each,
 * the presence topology decides, and contacts see the changes — including after a gateway is
 * killed without a word. Timings are shortened (beat 500 ms, timeout 3 s) so the test is quick.
 */
@WithHeraldInfra
class PresenceEndToEndTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private static final Map<String, Object> FAST = Map.of(
      "herald.gateway.presence.heartbeat-interval", "500ms",
      "herald.processors.presence.gateway-timeout", TIMEOUT.toMillis() + "ms",
      "herald.processors.presence.sweep-interval", "500ms");
  private static HeraldPlatform platform;
  private static Api api;
  private static int gateway;

  @BeforeAll
  static void start() {
    platform = Platform.start(FAST);
    api = new Api(platform);
    gateway = platform.settings().gatewayPort();
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  private static ChatEndToEndTest.User user() {
    String token = api.signUp("customer", List.of());
    Map<String, Object> me = api.ingest.get().uri("/v1/users/me").headers(h -> h.setBearerAuth(token))
        .retrieve().bodyToMono(Api.JSON).block(Duration.ofSeconds(20));
    return new ChatEndToEndTest.User((String) me.get("userId"), token);
  }

  /** A and B share a conversation (so they are contacts), known to the read model. */
  private static void contacts(ChatEndToEndTest.User a, ChatEndToEndTest.User b) {
    Map<String, Object> created = api.ingest.post().uri("/v1/conversations").contentType(MediaType.APPLICATION_JSON)
        .headers(h -> h.setBearerAuth(a.token())).bodyValue(Map.of("type", "direct", "userId", b.id()))
        .retrieve().bodyToMono(Api.JSON).block(Duration.ofSeconds(20));
    String c = (String) created.get("conversationId");
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> api.gateway.get().uri("/v1/conversations").headers(h -> h.setBearerAuth(b.token()))
            .retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10)), l -> l != null && l.contains(c));
  }

  /** The next presence frame about {@code userId}. */
  private static JsonNode presenceOf(ChatSocket s, String userId) {
    while (true) {
      JsonNode f = s.next("presence");
      if (userId.equals(f.get("userId").asString())) {
        return f;
      }
    }
  }

  @Test
  void contactSeesOnlineThenOfflineAfterDisconnect() {
    var a = user();
    var b = user();
    contacts(a, b);
    try (ChatSocket wa = ChatSocket.open(gateway, a.token(), "a", null)) {
      try (ChatSocket wb = ChatSocket.open(gateway, b.token(), "b-phone", null)) {
        assertThat(presenceOf(wa, b.id()).get("status").asString()).isEqualTo("online");
      }
      long closed = System.nanoTime();
      JsonNode offline = presenceOf(wa, b.id());
      assertThat(offline.get("status").asString()).isEqualTo("offline");
      assertThat(offline.get("lastSeen").isNull()).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - closed)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void twoDevicesStayOnlineUntilBothLeave() {
    var a = user();
    var b = user();
    contacts(a, b);
    try (ChatSocket wa = ChatSocket.open(gateway, a.token(), "a", null)) {
      ChatSocket phone = ChatSocket.open(gateway, b.token(), "b-phone", null);
      assertThat(presenceOf(wa, b.id()).get("status").asString()).isEqualTo("online");
      try (ChatSocket laptop = ChatSocket.open(gateway, b.token(), "b-laptop", null)) {
        phone.close();
        // B is still online on the laptop: nothing about B arrives, beyond the expiry time too
        assertThat(wa.within("presence", TIMEOUT.plusSeconds(2)).stream()
            .filter(f -> b.id().equals(f.get("userId").asString()))).isEmpty();
        var seen = api.gateway.get().uri("/v1/users/{id}/presence", b.id()).headers(h -> h.setBearerAuth(a.token()))
            .retrieve().bodyToMono(Api.JSON).block(Duration.ofSeconds(10));
        assertThat(seen.get("status")).isEqualTo("online");
      }
      assertThat(presenceOf(wa, b.id()).get("status").asString()).isEqualTo("offline");
    }
  }

  @Test
  void aKilledGatewaysUsersGoOfflineWithoutAnyDisconnect() throws Exception {
    var a = user();
    var b = user();
    contacts(a, b);
    StandaloneSettings st = platform.settings();
    try (ChatSocket wa = ChatSocket.open(gateway, a.token(), "a", null);
         KillableProcess doomed = KillableProcess.gateway(Platform.freePort(), List.of(
             "--spring.kafka.bootstrap-servers=" + platform.bootstrapServers(),
             "--herald.topics.create=false",
             "--herald.gateway.mongo.uri=" + HeraldInfra.mongoUri(),
             "--herald.gateway.auth.jwks-uri=" + st.url(st.ingestPort()) + "/.well-known/jwks.json",
             "--herald.gateway.presence.heartbeat-interval=500ms"))) {
      ChatSocket wb = ChatSocket.open(doomed.port, b.token(), "b-phone", null);
      assertThat(presenceOf(wa, b.id()).get("status").asString()).isEqualTo("online");

      doomed.kill(); // no DISCONNECTED, no more beats: only liveness expiry can end B's session
      JsonNode offline = presenceOf(wa, b.id());
      assertThat(offline.get("status").asString()).isEqualTo("offline");
      wb.close();
    }
  }

  @Test
  void aStrangerCannotReadPresence() {
    var a = user();
    var b = user();
    var stranger = user();
    contacts(a, b);
    var asContact = api.gateway.get().uri("/v1/users/{id}/presence", b.id()).headers(h -> h.setBearerAuth(a.token()))
        .exchangeToMono(r -> r.toEntity(String.class)).block(Duration.ofSeconds(10));
    assertThat(asContact.getStatusCode().value()).isEqualTo(200);
    var asStranger = api.gateway.get().uri("/v1/users/{id}/presence", b.id()).headers(h -> h.setBearerAuth(stranger.token()))
        .exchangeToMono(r -> r.toEntity(String.class)).block(Duration.ofSeconds(10));
    assertThat(asStranger.getStatusCode().value()).isEqualTo(404);
    assertThat(asStranger.getHeaders().getContentType().toString()).startsWith("application/problem+json");
  }
}
