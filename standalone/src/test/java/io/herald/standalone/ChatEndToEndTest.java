package io.herald.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.embedded.OwnNettyResources;
import io.herald.gateway.GatewayApplication;
import io.herald.testkit.WithHeraldInfra;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * Chat end to end on the real broker with every service running: HTTP and WebSocket sends,
 * the exactly-once fan-out topology, the read-model projector, and delivery over WebSockets,
 * including a second gateway.
 */
@WithHeraldInfra
class ChatEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  @RegisterExtension
  static final SharedPlatform shared = new SharedPlatform();
  private static int gateway;

  @BeforeAll
  static void gatewayPort() {
    gateway = shared.platform().settings().gatewayPort();
  }

  record User(String id, String token) {}

  private static User user() {
    String token = shared.api().signUp("customer", List.of());
    Map<String, Object> me = shared.api().ingest.get().uri("/v1/users/me").headers(h -> h.setBearerAuth(token))
        .retrieve().bodyToMono(Api.JSON).block(WAIT);
    return new User((String) me.get("userId"), token);
  }

  private static ResponseEntity<Map<String, Object>> postJson(String path, User as, Object body) {
    return shared.api().ingest.post().uri(path).contentType(MediaType.APPLICATION_JSON).headers(h -> h.setBearerAuth(as.token()))
        .bodyValue(body).exchangeToMono(r -> r.toEntity(Api.JSON)).block(WAIT);
  }

  /** Creates a group and waits until the read model knows it (the projector runs asynchronously). */
  private static String group(User creator, List<User> others) {
    var created = postJson("/v1/conversations", creator,
        Map.of("type", "group", "name", "team", "members", others.stream().map(User::id).toList()));
    assertThat(created.getStatusCode().value()).isIn(200, 201);
    String id = (String) created.getBody().get("conversationId");
    awaitListed(creator, id);
    return id;
  }

  private static void awaitListed(User u, String conversationId) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).alias("conversation " + conversationId + " in the read model")
        .until(() -> shared.api().gateway.get().uri("/v1/conversations").headers(h -> h.setBearerAuth(u.token()))
            .retrieve().bodyToMono(String.class).block(WAIT), list -> list != null && list.contains(conversationId));
  }

  private static ResponseEntity<Map<String, Object>> httpSend(User as, String conversationId, String clientMsgId, String body) {
    return postJson("/v1/conversations/" + conversationId + "/messages", as, Map.of("clientMsgId", clientMsgId, "body", body));
  }

  @Test
  void twoUsersChatAndSeeDeliveredAndReadReceipts() {
    User a = user();
    User b = user();
    var direct = postJson("/v1/conversations", a, Map.of("type", "direct", "userId", b.id()));
    String c = (String) direct.getBody().get("conversationId");
    awaitListed(a, c);

    try (ChatSocket wa = ChatSocket.open(gateway, a.token(), "a-phone", null);
         ChatSocket wb = ChatSocket.open(gateway, b.token(), "b-phone", null)) {
      wa.sendMessage("r1", c, "m-1", "hello B");
      JsonNode sent = wa.next("sent");
      assertThat(sent.get("ref").asString()).isEqualTo("r1");

      JsonNode got = wb.messages(c, 1).get(0);
      assertThat(got.get("body").asString()).isEqualTo("hello B");
      assertThat(got.get("seq").asLong()).isEqualTo(1);
      assertThat(got.get("messageId").asString()).isEqualTo(sent.get("messageId").asString());
      assertThat(got.get("senderId").asString()).isEqualTo(a.id());

      wb.cursor("delivered", c, 1);
      awaitCursor(wa, c, b.id(), "deliveredUpTo", 1);
      wb.cursor("read", c, 1);
      awaitCursor(wa, c, b.id(), "readUpTo", 1);

      wb.sendMessage("r2", c, "m-2", "hi A");
      // (A's echo of its own message was passed over while waiting for receipts)
      JsonNode reply = wa.messages(c, 1).get(0);
      assertThat(reply.get("body").asString()).isEqualTo("hi A");
      assertThat(reply.get("seq").asLong()).isEqualTo(2);
    }
  }

  private static void awaitCursor(ChatSocket s, String conversationId, String member, String field, long value) {
    while (true) {
      JsonNode r = s.next("receipt");
      JsonNode cursor = r.get("cursors").get(member);
      if (conversationId.equals(r.get("conversationId").asString()) && cursor != null && cursor.get(field).asLong() >= value) {
        return;
      }
    }
  }

  @Test
  void aGroupOfFiveGetsEveryMessageInTheSameOrder() {
    List<User> five = List.of(user(), user(), user(), user(), user());
    String c = group(five.get(0), five.subList(1, 5));
    List<ChatSocket> sockets = new ArrayList<>();
    try {
      for (User u : five) {
        sockets.add(ChatSocket.open(gateway, u.token(), "d", null));
      }
      for (int i = 0; i < 10; i++) {
        assertThat(httpSend(five.get(i % 5), c, "g-" + i, "msg " + i).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
      }
      List<String> reference = null;
      for (ChatSocket s : sockets) {
        List<JsonNode> got = s.messages(c, 10);
        assertThat(got).extracting(m -> m.get("seq").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        List<String> ids = got.stream().map(m -> m.get("messageId").asString()).toList();
        if (reference == null) {
          reference = ids;
        }
        assertThat(ids).isEqualTo(reference);
      }
    } finally {
      sockets.forEach(ChatSocket::close);
    }
  }

  @Test
  void anOfflineUserGetsAllTwentyMissedMessagesInOrderThenLiveOnesWithoutDuplicates() {
    User a = user();
    User b = user();
    String c = group(a, List.of(b));
    for (int i = 1; i <= 20; i++) {
      assertThat(httpSend(a, c, "off-" + i, "missed " + i).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    }
    awaitLastSeq(a, c, 20);

    try (ChatSocket wb = ChatSocket.open(gateway, b.token(), "b-laptop",
        ChatSocket.JSON.createObjectNode().put(c, 0))) {
      httpSend(a, c, "live-21", "live one"); // may arrive during the catch-up
      List<JsonNode> got = wb.messages(c, 21);
      for (int i = 0; i < 21; i++) {
        assertThat(got.get(i).get("seq").asLong()).isEqualTo(i + 1);
      }
      assertThat(got.get(20).get("body").asString()).isEqualTo("live one");
      assertThat(wb.within("message", Duration.ofSeconds(2))).as("no duplicates").isEmpty();
    }
  }

  private static void awaitLastSeq(User u, String conversationId, long seq) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).alias("seq " + seq + " in the read model")
        .until(() -> shared.api().gateway.get().uri("/v1/conversations/{c}/messages?limit=1", conversationId)
            .headers(h -> h.setBearerAuth(u.token())).retrieve().bodyToMono(String.class).block(WAIT),
            page -> page != null && page.contains("\"seq\":" + seq));
  }

  @Test
  void aNonMemberCanNeitherSendNorReadNorReceive() {
    User a = user();
    User b = user();
    User stranger = user();
    String c = group(a, List.of(b));

    try (ChatSocket ws = ChatSocket.open(gateway, stranger.token(), "s", null)) {
      assertThat(httpSend(stranger, c, "x-1", "let me in").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
      ws.sendMessage("r", c, "x-2", "let me in");
      assertThat(ws.next("error").get("code").asString()).isEqualTo("forbidden");
      var history = shared.api().gateway.get().uri("/v1/conversations/{c}/messages", c).headers(h -> h.setBearerAuth(stranger.token()))
          .exchangeToMono(r -> r.toEntity(String.class)).block(WAIT);
      assertThat(history.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

      httpSend(a, c, "secret", "for members only");
      awaitLastSeq(a, c, 1); // the only message: neither forbidden send got a seq
      assertThat(ws.within("message", Duration.ofSeconds(2))).isEmpty();
    }
  }

  @Test
  void aDuplicateSendYieldsOneMessage() {
    User a = user();
    User b = user();
    String c = group(a, List.of(b));
    try (ChatSocket wa = ChatSocket.open(gateway, a.token(), "a", null);
         ChatSocket wb = ChatSocket.open(gateway, b.token(), "b", null)) {
      wa.sendMessage("first", c, "same-id", "once");
      String messageId = wa.next("sent").get("messageId").asString();
      wa.sendMessage("retry", c, "same-id", "once");
      JsonNode retry = wa.next("sent");
      assertThat(retry.get("messageId").asString()).isEqualTo(messageId);
      assertThat(retry.get("replayed").asBoolean()).isTrue();
      var http = httpSend(a, c, "same-id", "once");
      assertThat(http.getBody().get("messageId")).isEqualTo(messageId);

      assertThat(wb.messages(c, 1).get(0).get("seq").asLong()).isEqualTo(1);
      assertThat(wb.within("message", Duration.ofSeconds(2))).isEmpty();
    }
  }

  @Test
  void twoGatewaysServeUsersSplitAcrossThem() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    StandaloneSettings st = shared.platform().settings();
    ConfigurableApplicationContext second = GatewayApplication.builder().initializers(new OwnNettyResources()).run(
        "--server.port=" + port, "--spring.main.banner-mode=off",
        "--spring.kafka.bootstrap-servers=" + shared.platform().bootstrapServers(),
        "--herald.topics.partitions=" + st.partitions(),
        "--herald.gateway.mongo.uri=" + io.herald.testkit.HeraldInfra.mongoUri(),
        "--herald.gateway.auth.jwks-uri=" + st.url(st.ingestPort()) + "/.well-known/jwks.json");
    try {
      int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
      User a = user();
      User b = user();
      String c = group(a, List.of(b));
      try (ChatSocket wa = ChatSocket.open(gateway, a.token(), "a", null);
           ChatSocket wb = ChatSocket.open(secondPort, b.token(), "b", null)) {
        wa.sendMessage("1", c, "x-1", "from gateway one");
        assertThat(wb.messages(c, 1).get(0).get("body").asString()).isEqualTo("from gateway one");
        wb.sendMessage("2", c, "x-2", "from gateway two");
        assertThat(wa.messages(c, 2).get(1).get("body").asString()).isEqualTo("from gateway two");
      }
    } finally {
      second.close();
    }
  }
}
