package io.herald.gateway.chat;

import static io.herald.gateway.chat.ChatTestData.delivery;
import static io.herald.gateway.chat.ChatTestData.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.events.ConversationKind;
import io.herald.gateway.ChatClient;
import io.herald.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The compose smoke's post-kill miss: the chat projector's instance has just been killed (its group's
 * committed offsets stop moving, not yet long enough to count as stalled), deliveries for a user land
 * in inbox and this gateway's reader dispatches them to nobody a moment before the user's new socket
 * registers, and the read model never gets them while the projector is down. The socket's catch-up
 * cannot have them; its settle pass must read them back from inbox, because the projector has not
 * passed where the reader stood when the socket registered. A socket connecting while the projector
 * is caught up reads nothing back.
 */
@TestPropertySource(properties = {
    "herald.gateway.chat.hello-timeout=5s",
    "herald.gateway.chat.recall-poll-interval=200ms",
    "herald.gateway.chat.recall-stall=10m", // never "stalled" here: only the hand-over mark can bring them
    "herald.gateway.chat.settle-delay=1s"})
class ChatFailoverIntegrationTest extends ProjectorStallTestBase {

  @Test
  void deliveriesDispatchedJustBeforeASocketRegisteredReachItWhileTheProjectorIsDown() throws Exception {
    String ann = id("ann");
    String bob = id("bob");
    List<String> groups = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String g = id("g" + i);
      groups.add(g);
      readModel.conversation(g, ConversationKind.GROUP, List.of(ann, bob), 0, Map.of());
    }
    projector.committedEverything(); // ... and then its instance was killed
    double read = readerRecords();

    // Bob posts in each group; Ann's socket is not open yet (hers on the killed gateway just broke)
    for (String g : groups) {
      kafka.send(Topics.INBOX, ann, delivery(ann, g, 1, bob, "m-" + g));
    }
    await().atMost(Duration.ofSeconds(10)).alias("this gateway's reader went past Ann's deliveries")
        .until(() -> readerRecords() >= read + groups.size());
    double behindBefore = recalls("behind-handover");

    try (ChatClient a = ChatClient.open(port, ann, "phone")) {
      a.hello(resume(groups, 0));
      List<JsonNode> got = a.messages(groups.size());
      assertThat(got).extracting(m -> m.get("conversationId").asString()).containsExactlyInAnyOrderElementsOf(groups);
      assertThat(got).extracting(m -> m.get("seq").asLong()).containsOnly(1L);
      // live deliveries follow, once
      kafka.send(Topics.INBOX, ann, delivery(ann, groups.get(0), 2, bob, "live"));
      assertThat(a.messages(1)).extracting(m -> m.get("body").asString()).containsExactly("live");
    }
    assertThat(recalls("behind-handover")).isEqualTo(behindBefore + 1);

    // the projector is back and caught up: a socket connecting now reads nothing back
    awaitWatchSaw(projector.committedEverything());
    try (ChatClient a = ChatClient.open(port, ann, "tablet")) {
      a.hello(resume(groups, 1));
      kafka.send(Topics.INBOX, ann, delivery(ann, groups.get(1), 2, bob, "after"));
      assertThat(a.messages(1)).extracting(m -> m.get("body").asString()).containsExactly("after");
      // through the settle pass (1 s after catch-up): nothing read back
      await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
          .until(() -> recalls("behind-handover") == behindBefore + 1);
    }
  }

  private double readerRecords() {
    return meters.get("herald.gateway.chat.reader.records").tag("topic", Topics.INBOX.name()).counter().count();
  }

  private static String resume(List<String> conversations, long seq) {
    StringBuilder json = new StringBuilder("{");
    conversations.forEach(c -> json.append(json.length() > 1 ? "," : "").append('"').append(c).append("\":").append(seq));
    return json.append('}').toString();
  }
}
