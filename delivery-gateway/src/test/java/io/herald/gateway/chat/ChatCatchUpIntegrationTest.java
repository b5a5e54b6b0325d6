package io.herald.gateway.chat;

import static io.herald.gateway.chat.ChatTestData.delivery;
import static io.herald.gateway.chat.ChatTestData.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.chat.readmodel.CursorDoc;
import io.herald.events.ConversationKind;
import io.herald.gateway.ChatClient;
import io.herald.gateway.GatewayIntegrationTestBase;
import io.herald.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Reconnect catch-up from the read model handed over to live deliveries: gap-free and
 * duplicate-free per conversation, including deliveries produced while the catch-up runs.
 */
@TestPropertySource(properties = {
    "herald.gateway.chat.hello-timeout=5s", // these clients always send hello; a late one would fail the test
    "herald.gateway.chat.catch-up-page=7"}) // several pages per conversation
class ChatCatchUpIntegrationTest extends GatewayIntegrationTestBase {

  private final ChatTestData readModel = new ChatTestData(DATABASE);

  @AfterEach
  void closeReadModel() {
    readModel.close();
  }

  @Test
  void anOfflineUserGetsEverythingMissedInOrderThenLiveIncludingWhatArrivedDuringCatchUpWithoutDuplicates() {
    String alice = id("alice");
    String bob = id("bob");
    String resumed = id("dm");     // the client resumes it by seq
    String byCursor = id("group"); // not in hello: from the delivered cursor
    readModel.conversation(resumed, ConversationKind.DIRECT, List.of(alice, bob), 20,
        Map.of(alice, new CursorDoc(5, 5)));
    LongStream.rangeClosed(1, 20).forEach(seq -> readModel.message(delivery(alice, resumed, seq, bob, "m" + seq)));
    readModel.conversation(byCursor, ConversationKind.GROUP, List.of(bob, alice), 4, Map.of(alice, new CursorDoc(2, 1)));
    LongStream.rangeClosed(1, 4).forEach(seq -> readModel.message(delivery(alice, byCursor, seq, bob, "g" + seq)));

    try (ChatClient a = ChatClient.open(port, alice, "phone")) {
      // Registered (the welcome came): these wait in the connection's buffer during catch-up.
      // 21..23 are also in the read model already (projected), 24..25 only live.
      for (long seq = 21; seq <= 25; seq++) {
        kafka.send(Topics.INBOX, alice, delivery(alice, resumed, seq, bob, "m" + seq));
        if (seq <= 23) {
          readModel.message(delivery(alice, resumed, seq, bob, "m" + seq));
        }
      }
      a.hello("{\"" + resumed + "\":0}");
      kafka.send(Topics.INBOX, alice, delivery(alice, resumed, 26, bob, "m26")); // during or after catch-up
      List<JsonNode> got = new ArrayList<>(a.messages(26 + 2));

      kafka.send(Topics.INBOX, alice, delivery(alice, resumed, 27, bob, "live"));
      kafka.send(Topics.INBOX, alice, delivery(alice, byCursor, 5, bob, "sentinel"));
      got.addAll(a.messages(2));

      assertThat(seqs(got, resumed)).as("resumed from hello (0), not from the cursor (5)")
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 27).boxed().toList());
      assertThat(seqs(got, byCursor)).as("after the delivered cursor (2)").containsExactly(3L, 4L, 5L);
      assertThat(got.get(got.size() - 1).get("body").asString()).isEqualTo("sentinel");
      assertThat(got).filteredOn(m -> m.get("seq").asLong() <= 20 && resumed.equals(m.get("conversationId").asString()))
          .allSatisfy(m -> assertThat(m.get("body").asString()).isEqualTo("m" + m.get("seq").asLong()));
    }
  }

  @Test
  void aLiveMessageThatSkipsSeqsPullsTheMissingOnesFromTheReadModelEvenWhenItLags() {
    String alice = id("alice");
    String bob = id("bob");
    String conversation = id("dm");
    readModel.directConversation(conversation, alice, bob, 2);
    readModel.message(delivery(alice, conversation, 1, bob, "m1"));
    readModel.message(delivery(alice, conversation, 2, bob, "m2"));
    try (ChatClient a = ChatClient.open(port, alice, "phone")) {
      a.hello("{\"" + conversation + "\":2}");
      kafka.send(Topics.INBOX, alice, delivery(alice, conversation, 3, bob, "m3"));
      assertThat(a.messages(1).get(0).get("seq").asLong()).as("nothing before 3 was missed").isEqualTo(3);

      // 4 was dispatched while the user was away, only the read model has it
      readModel.message(delivery(alice, conversation, 4, bob, "m4"));
      kafka.send(Topics.INBOX, alice, delivery(alice, conversation, 5, bob, "m5"));
      assertThat(a.messages(2)).extracting(m -> m.get("body").asString()).containsExactly("m4", "m5");

      // 6 reaches the read model only after 7 arrived live: the gateway re-reads until it is there
      kafka.send(Topics.INBOX, alice, delivery(alice, conversation, 7, bob, "m7"));
      Mono.delay(Duration.ofMillis(150)).block();
      readModel.message(delivery(alice, conversation, 6, bob, "m6"));
      assertThat(a.messages(2)).extracting(m -> m.get("body").asString()).containsExactly("m6", "m7");
    }
  }

  @Test
  void aReconnectingDeviceResumesAfterItsLastSeqWhileAnotherDeviceStaysLive() {
    String alice = id("alice");
    String bob = id("bob");
    String conversation = id("dm");
    readModel.directConversation(conversation, alice, bob, 0);
    try (ChatClient laptop = ChatClient.open(port, alice, "laptop")) {
      laptop.hello("{}");
      long lastOnPhone;
      try (ChatClient phone = ChatClient.open(port, alice, "phone")) {
        phone.hello("{}");
        send(alice, bob, conversation, 1, 3);
        lastOnPhone = phone.messages(3).get(2).get("seq").asLong();
      }
      send(alice, bob, conversation, 4, 6); // the phone is offline
      try (ChatClient phone = ChatClient.open(port, alice, "phone")) {
        phone.hello("{\"" + conversation + "\":" + lastOnPhone + "}");
        send(alice, bob, conversation, 7, 7);
        assertThat(phone.messages(4)).extracting(m -> m.get("seq").asLong()).containsExactly(4L, 5L, 6L, 7L);
      }
      assertThat(laptop.messages(7)).extracting(m -> m.get("seq").asLong())
          .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }
  }

  /** As the topology and the projector would: delivered live and written to the read model. */
  private void send(String recipient, String sender, String conversation, long from, long to) {
    for (long seq = from; seq <= to; seq++) {
      readModel.message(delivery(recipient, conversation, seq, sender, "m" + seq));
      kafka.send(Topics.INBOX, recipient, delivery(recipient, conversation, seq, sender, "m" + seq));
    }
    readModel.directConversation(conversation, recipient, sender, to);
  }

  private static List<Long> seqs(List<JsonNode> messages, String conversation) {
    return messages.stream().filter(m -> conversation.equals(m.get("conversationId").asString()))
        .map(m -> m.get("seq").asLong()).toList();
  }
}
