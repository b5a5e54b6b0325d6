package io.herald.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * The whole platform (broker, database, every service) in its own OS process, killed with SIGKILL
 * while a chat is flowing, then started again on the same data directory: messages, receipts and
 * delivered cursors must flow again promptly. Before the fix the restarted processors joined their
 * consumer groups as new members and got no partition until the killed members' sessions timed out
 * (45 s): meanwhile the transactions the killed process left open stayed open, every
 * {@code read_committed} reader of {@code delivery-state} and {@code inbox} stood behind them, no
 * {@code receipt} frame reached anyone and reconnecting recipients were replayed from their old
 * cursor. Now every group member has a stable {@code group.instance.id} (static membership).
 */
class ChatCrashEndToEndTest {

  /**
   * The stated bound: after the restart, messages, receipts and cursors flow again within this
   * (measured ~1.6 s; before the fix ~38 s, the dead member's 45 s session timeout).
   */
  private static final Duration RECOVERY = Duration.ofSeconds(15);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private KillableProcess platform;

  @AfterEach
  void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  record User(String id, String token) {}

  @Test
  void receiptsAndCursorsFlowAgainAfterThePlatformIsKilledMidChat() throws Exception {
    Path data = Files.createTempDirectory("herald-crash");
    StandaloneSettings s = new StandaloneSettings(data, "127.0.0.1", Platform.freePort(), Platform.freePort(),
        Platform.freePort(), Platform.freePort(), Platform.freePort(), 12);
    platform = KillableProcess.platform(s);
    Api api = new Api(s);
    User a = user(api);
    User b = user(api);
    String c = (String) api.ingest.post().uri("/v1/conversations").contentType(MediaType.APPLICATION_JSON)
        .headers(h -> h.setBearerAuth(a.token())).bodyValue(Map.of("type", "direct", "userId", b.id()))
        .retrieve().bodyToMono(Api.JSON).block(WAIT).get("conversationId");
    await().atMost(WAIT).alias("the new conversation in the read model")
        .until(() -> api.gateway.get().uri("/v1/conversations").headers(h -> h.setBearerAuth(a.token()))
            .retrieve().bodyToMono(String.class).block(WAIT), list -> list != null && list.contains(c));

    long last;
    try (ChatSocket wa = ChatSocket.open(s.gatewayPort(), a.token(), "a-phone", null);
         ChatSocket wb = ChatSocket.open(s.gatewayPort(), b.token(), "b-phone", null)) {
      for (int i = 1; i <= 5; i++) {
        wa.sendMessage("r" + i, c, "before-" + i, "before " + i);
        JsonNode answer = wa.answer("r" + i);
        assertThat(answer.get("type").asString()).as("answer to a send: %s", answer).isEqualTo("sent");
      }
      last = wb.messages(c, 5).get(4).get("seq").asLong();
      wb.cursor("delivered", c, last);
      wa.awaitCursor(c, b.id(), "deliveredUpTo", last, WAIT);

      // chat keeps flowing (sends and receipts, so transactions are open on every chat topic) when the kill lands
      AtomicBoolean flowing = new AtomicBoolean(true);
      Thread traffic = new Thread(() -> {
        for (int i = 1; flowing.get(); i++) {
          wa.sendMessage("t" + i, c, "during-" + i, "during " + i);
          wb.cursor("delivered", c, 5 + i);
          try {
            Thread.sleep(10); // pacing the load generator; nothing is asserted on time
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      traffic.start();
      wb.messages(c, 20);
      platform.kill();
      flowing.set(false);
      traffic.join();
    }

    platform = KillableProcess.platform(s);
    long restarted = System.nanoTime();
    try (ChatSocket wa = ChatSocket.open(s.gatewayPort(), a.token(), "a-phone", null);
         ChatSocket wb = ChatSocket.open(s.gatewayPort(), b.token(), "b-phone", null)) {
      wa.sendMessage("after", c, "after-1", "after the crash");
      JsonNode after = await().atMost(RECOVERY).until(() -> lastMessage(wb, c, "after-1"), m -> m != null);
      long seq = after.get("seq").asLong();
      assertThat(seq).isGreaterThan(last);

      wb.cursor("delivered", c, seq);
      wa.awaitCursor(c, b.id(), "deliveredUpTo", seq, RECOVERY);
      wb.cursor("read", c, seq);
      wa.awaitCursor(c, b.id(), "readUpTo", seq, RECOVERY);
      // reported, not asserted: how long chat stood still after the restart
      System.out.printf("chat crash test: receipts flowing %d ms after the restarted platform was up%n",
          (System.nanoTime() - restarted) / 1_000_000);
    }

    // The read model has the cursor too: reconnecting without resume positions replays nothing up to it.
    try (ChatSocket wa = ChatSocket.open(s.gatewayPort(), a.token(), "a-phone", null)) {
      await().atMost(RECOVERY).untilAsserted(() -> {
        try (ChatSocket wb = ChatSocket.open(s.gatewayPort(), b.token(), "b-tablet", null)) {
          assertThat(wb.within("message", Duration.ofSeconds(1))).as("replayed from an old cursor").isEmpty();
        }
      });
      wa.sendMessage("next", c, "after-2", "next one");
      try (ChatSocket wb = ChatSocket.open(s.gatewayPort(), b.token(), "b-tablet", null)) {
        JsonNode first = wb.next("message");
        assertThat(first.get("clientMsgId").asString()).isEqualTo("after-2");
      }
    }

    // The whole conversation as the read model has it: seqs 1..n without a gap, every message once
    // (the sends in flight when the kill landed either made it once or not at all).
    await().atMost(WAIT).untilAsserted(() -> {
      List<Long> seqs = new java.util.ArrayList<>();
      List<String> clientIds = new java.util.ArrayList<>();
      Object before = null;
      do {
        String uri = "/v1/conversations/" + c + "/messages?limit=50" + (before == null ? "" : "&before=" + before);
        Map<String, Object> page = api.gateway.get().uri(uri).headers(h -> h.setBearerAuth(a.token()))
            .retrieve().bodyToMono(Api.JSON).block(WAIT);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> messages = (List<Map<String, Object>>) page.get("messages");
        messages.forEach(m -> {
          seqs.add(((Number) m.get("seq")).longValue());
          clientIds.add((String) m.get("clientMsgId"));
        });
        before = page.get("nextBefore");
      } while (before != null);
      assertThat(clientIds).contains("before-1", "before-5", "after-1", "after-2").doesNotHaveDuplicates();
      assertThat(seqs.stream().sorted().toList())
          .isEqualTo(java.util.stream.LongStream.rangeClosed(1, seqs.size()).boxed().toList());
    });
  }

  /** Messages frames until the one with this client id (null if the socket had nothing more for now). */
  private static JsonNode lastMessage(ChatSocket s, String conversationId, String clientMsgId) {
    for (JsonNode m : s.within("message", Duration.ofMillis(500))) {
      if (conversationId.equals(m.get("conversationId").asString()) && clientMsgId.equals(m.get("clientMsgId").asString())) {
        return m;
      }
    }
    return null;
  }

  private static User user(Api api) {
    String token = api.signUp("customer", List.of());
    Map<String, Object> me = api.ingest.get().uri("/v1/users/me").headers(h -> h.setBearerAuth(token))
        .retrieve().bodyToMono(Api.JSON).block(WAIT);
    return new User((String) me.get("userId"), token);
  }
}
