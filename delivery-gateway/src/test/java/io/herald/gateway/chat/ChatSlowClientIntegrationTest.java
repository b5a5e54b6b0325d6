package io.herald.gateway.chat;

import static io.herald.gateway.chat.ChatTestData.delivery;
import static io.herald.gateway.chat.ChatTestData.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.events.Delivery;
import io.herald.gateway.ChatClient;
import io.herald.gateway.GatewayIntegrationTestBase;
import io.herald.schemas.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;

/**
 * A chat client that stops reading, on a real socket: TCP pushes back, the gateway's per-connection
 * buffer (here 64 frames) fills and the stated policy applies — close with 1013 — instead of
 * memory growing; everything it did receive is a gap-free prefix, and a reconnect with its last
 * seq gets exactly the rest, then live messages. Another user's socket is unaffected.
 */
@TestPropertySource(properties = "herald.gateway.chat.outbound-buffer=64")
class ChatSlowClientIntegrationTest extends GatewayIntegrationTestBase {

  private static final Duration WAIT = Duration.ofSeconds(60);
  /** Far more than the socket buffers of both ends hold (~16 KiB each). */
  private static final int MESSAGES = 1500;
  private static final String BODY = "x".repeat(16_000);

  private final ChatTestData readModel = new ChatTestData(DATABASE);

  @Autowired
  private MeterRegistry meters;

  @AfterEach
  void closeReadModel() {
    readModel.close();
  }

  @Test
  void aClientThatStopsReadingIsClosedWith1013AndResumesExactlyBySeq() {
    String alice = id("alice");
    String bob = id("bob");
    String carol = id("carol");
    String dm = id("dm");
    readModel.directConversation(dm, alice, bob, 0);
    double overflowsBefore = overflows();
    Sinks.Empty<Void> startReading = Sinks.empty();

    long lastSeen;
    try (ChatClient slow = ChatClient.connectNotReading(port, alice, "phone", startReading.asMono());
         ChatClient other = ChatClient.open(port, carol, "phone")) {
      slow.hello("{}");
      await().atMost(WAIT).until(() -> registered(alice));
      for (int seq = 1; seq <= MESSAGES; seq++) {
        Delivery d = delivery(alice, dm, seq, bob, seq + ":" + BODY);
        readModel.message(d);
        kafka.send(Topics.INBOX, alice, d);
      }
      readModel.directConversation(dm, alice, bob, MESSAGES);
      await().atMost(WAIT).alias("the slow client's buffer to overflow").until(() -> overflows() > overflowsBefore);

      kafka.send(Topics.INBOX, carol, delivery(carol, id("dm"), 1, bob, "carol is unaffected"));
      assertThat(other.next("message").get("body").asString()).isEqualTo("carol is unaffected");

      startReading.tryEmitEmpty();
      List<Long> seqs = new ArrayList<>();
      assertThat(slow.next(WAIT).get("type").asString()).isEqualTo("welcome");
      while (true) {
        JsonNode f;
        try {
          f = slow.next(Duration.ofSeconds(10));
        } catch (AssertionError ended) {
          break; // the socket ended after its last frame
        }
        if ("message".equals(f.get("type").asString())) {
          seqs.add(f.get("seq").asLong());
        }
      }
      assertThat(seqs).as("what arrived before the close is gap-free from 1").isNotEmpty()
          .isEqualTo(java.util.stream.LongStream.rangeClosed(1, seqs.size()).boxed().toList());
      assertThat(seqs.size()).as("it did fall behind").isLessThan(MESSAGES);
      assertThat(slow.awaitClose(WAIT).getCode()).isEqualTo(1013);
      lastSeen = seqs.get(seqs.size() - 1);
    }

    try (ChatClient again = ChatClient.connect(port, "?deviceId=phone", io.herald.gateway.TestTokens.user(alice))) {
      again.hello("{\"" + dm + "\":" + lastSeen + "}"); // right after the upgrade, as apps resume
      assertThat(again.next(WAIT).get("type").asString()).isEqualTo("welcome");
      List<JsonNode> rest = again.messages((int) (MESSAGES - lastSeen));
      assertThat(rest).extracting(m -> m.get("seq").asLong())
          .isEqualTo(java.util.stream.LongStream.rangeClosed(lastSeen + 1, MESSAGES).boxed().toList());
      Delivery live = delivery(alice, dm, MESSAGES + 1, bob, "live again");
      readModel.message(live);
      readModel.directConversation(dm, alice, bob, MESSAGES + 1);
      kafka.send(Topics.INBOX, alice, live);
      JsonNode next = again.next("message");
      assertThat(next.get("seq").asLong()).isEqualTo(MESSAGES + 1);
    }
  }

  private double overflows() {
    var c = meters.find("herald.gateway.chat.disconnects").tag("reason", "overflow").counter();
    return c == null ? 0 : c.count();
  }

  private boolean registered(String userId) {
    var g = meters.find("herald.gateway.chat.frames.in").tag("type", "hello").counter();
    return g != null && g.count() > 0;
  }
}
