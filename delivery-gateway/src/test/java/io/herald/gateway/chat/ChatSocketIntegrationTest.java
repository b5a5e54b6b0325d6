package io.herald.gateway.chat;

import static io.herald.gateway.chat.ChatTestData.delivery;
import static io.herald.gateway.chat.ChatTestData.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.events.ConversationEvent;
import io.herald.events.MessageSent;
import io.herald.events.Receipt;
import io.herald.events.ReceiptKind;
import io.herald.gateway.ChatClient;
import io.herald.gateway.GatewayIntegrationTestBase;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.KafkaProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** The chat socket against the real broker and Mongo-wire server: live delivery, receipts, commands, errors. */
@TestPropertySource(properties = "herald.gateway.chat.hello-timeout=200ms")
class ChatSocketIntegrationTest extends GatewayIntegrationTestBase {

  private static final Duration WAIT = ChatClient.WAIT;

  private final ChatTestData readModel = new ChatTestData(DATABASE);

  @AfterEach
  void closeReadModel() {
    readModel.close();
  }

  @Test
  void aConnectedUserGetsAProducedDeliveryOnEachOfTheirDevices() {
    String alice = id("alice");
    String bob = id("bob");
    String conversation = id("dm");
    try (ChatClient phone = ChatClient.open(port, alice, "phone");
         ChatClient laptop = ChatClient.open(port, alice, "laptop")) {
      kafka.send(Topics.INBOX, alice, delivery(alice, conversation, 1, bob, "hi alice"));

      for (ChatClient device : List.of(phone, laptop)) {
        JsonNode m = device.next("message");
        assertThat(m.get("conversationId").asString()).isEqualTo(conversation);
        assertThat(m.get("seq").asLong()).isEqualTo(1);
        assertThat(m.get("messageId").asString()).isEqualTo("m-" + conversation + "-1");
        assertThat(m.get("clientMsgId").asString()).isEqualTo("c-1");
        assertThat(m.get("senderId").asString()).isEqualTo(bob);
        assertThat(m.get("senderDeviceId").asString()).isEqualTo(bob + "-phone");
        assertThat(m.get("contentType").asString()).isEqualTo("text/plain");
        assertThat(m.get("body").asString()).isEqualTo("hi alice");
        assertThat(m.get("sentAt").asString()).endsWith("Z");
      }
    }
  }

  @Test
  void theWelcomeNamesTheUserAndDeviceAndARandomDeviceIdIsGivenWhenNoneIsSent() {
    String alice = id("alice");
    try (ChatClient named = ChatClient.connect(port, "?deviceId=tab-1", io.herald.gateway.TestTokens.user(alice));
         ChatClient unnamed = ChatClient.connect(port, "", io.herald.gateway.TestTokens.user(alice))) {
      JsonNode w = named.next(WAIT);
      assertThat(w.get("type").asString()).isEqualTo("welcome");
      assertThat(w.get("userId").asString()).isEqualTo(alice);
      assertThat(w.get("deviceId").asString()).isEqualTo("tab-1");
      assertThat(unnamed.next(WAIT).get("deviceId").asString()).startsWith("d-").hasSize(18);
    }
  }

  @Test
  void deliveryStateBecomesReceiptFramesForTheConnectedMembersOnly() {
    String alice = id("alice");
    String bob = id("bob");
    String carol = id("carol");
    String conversation = id("dm");
    try (ChatClient a = ChatClient.open(port, alice, "phone");
         ChatClient b = ChatClient.open(port, bob, "phone");
         ChatClient c = ChatClient.open(port, carol, "phone")) {
      kafka.send(Topics.DELIVERY_STATE, conversation,
          ChatTestData.state(conversation, 3, Map.of(alice, new long[] {3, 3}, bob, new long[] {3, 1})));
      kafka.send(Topics.INBOX, carol, delivery(carol, id("other"), 1, bob, "sentinel"));

      for (ChatClient member : List.of(a, b)) {
        JsonNode r = member.next("receipt");
        assertThat(r.get("conversationId").asString()).isEqualTo(conversation);
        assertThat(r.get("lastSeq").asLong()).isEqualTo(3);
        assertThat(r.get("cursors").get(bob).get("deliveredUpTo").asLong()).isEqualTo(3);
        assertThat(r.get("cursors").get(bob).get("readUpTo").asLong()).isEqualTo(1);
        assertThat(r.get("cursors").get(alice).get("readUpTo").asLong()).isEqualTo(3);
      }
      JsonNode first = c.next(WAIT);
      assertThat(first.get("type").asString()).as("a non-member gets no receipt").isEqualTo("message");
      assertThat(first.get("body").asString()).isEqualTo("sentinel");
    }
  }

  @Test
  void aSendFrameIsAnsweredWithSentAndWritesTheMessageAndARetryGetsTheSameAnswer() {
    String alice = id("alice");
    String bob = id("bob");
    String conversation = id("dm");
    readModel.directConversation(conversation, alice, bob, 0);
    Map<Integer, Long> before = KafkaProbe.infra().endOffsets(Topics.CONVERSATIONS.name());
    try (ChatClient a = ChatClient.open(port, alice, "phone")) {
      a.sendMessage("r1", conversation, "cm-1", "hello bob");
      JsonNode sent = a.next("sent");
      assertThat(sent.get("ref").asString()).isEqualTo("r1");
      assertThat(sent.get("clientMsgId").asString()).isEqualTo("cm-1");
      assertThat(sent.get("conversationId").asString()).isEqualTo(conversation);
      assertThat(sent.get("replayed").asBoolean()).isFalse();
      String messageId = sent.get("messageId").asString();

      a.sendMessage("r2", conversation, "cm-1", "hello bob");
      JsonNode retry = a.next("sent");
      assertThat(retry.get("ref").asString()).isEqualTo("r2");
      assertThat(retry.get("replayed").asBoolean()).isTrue();
      assertThat(retry.get("messageId").asString()).isEqualTo(messageId);

      List<ConsumerRecord<String, ConversationEvent>> written = KafkaProbe.infra()
          .readAfter(Topics.CONVERSATIONS, before, 1, WAIT).stream()
          .filter(r -> conversation.equals(r.key())).toList();
      assertThat(written).hasSize(1);
      MessageSent m = (MessageSent) written.get(0).value().getPayload();
      assertThat(m.getMessageId()).isEqualTo(messageId);
      assertThat(m.getBody()).isEqualTo("hello bob");
      assertThat(written.get(0).value().getActorId()).isEqualTo(alice);
    }
  }

  @Test
  void aNonMemberSendIsForbiddenAndWritesNothing() {
    String alice = id("alice");
    String bob = id("bob");
    String mallory = id("mallory");
    String conversation = id("dm");
    readModel.directConversation(conversation, alice, bob, 0);
    Map<Integer, Long> before = KafkaProbe.infra().endOffsets(Topics.CONVERSATIONS.name());
    try (ChatClient m = ChatClient.open(port, mallory, "phone")) {
      m.sendMessage("r1", conversation, "cm-1", "let me in");
      JsonNode error = m.next("error");
      assertThat(error.get("ref").asString()).isEqualTo("r1");
      assertThat(error.get("code").asString()).isEqualTo("forbidden");

      m.sendMessage("r2", id("nowhere"), "cm-2", "anyone?");
      assertThat(m.next("error").get("code").asString()).isEqualTo("not_found");
    }
    Map<Integer, Long> after = KafkaProbe.infra().endOffsets(Topics.CONVERSATIONS.name());
    int produced = after.entrySet().stream().mapToInt(e -> (int) (e.getValue() - before.getOrDefault(e.getKey(), 0L))).sum();
    List<ConsumerRecord<byte[], byte[]>> records = KafkaProbe.infra()
        .readAfter(Topics.CONVERSATIONS.name(), before, produced, WAIT);
    assertThat(records).noneMatch(r -> conversation.equals(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void readAndDeliveredFramesProduceReceiptsWithoutAReply() {
    String alice = id("alice");
    String bob = id("bob");
    String conversation = id("dm");
    readModel.directConversation(conversation, alice, bob, 4);
    Map<Integer, Long> before = KafkaProbe.infra().endOffsets(Topics.RECEIPTS.name());
    try (ChatClient a = ChatClient.open(port, alice, "phone")) {
      a.send("{\"type\":\"read\",\"conversationId\":\"" + conversation + "\",\"upToSeq\":4}");
      a.send("{\"type\":\"ping\",\"ref\":\"p\"}");
      assertThat(a.next(WAIT).get("type").asString()).as("no reply to a receipt").isEqualTo("pong");

      List<Receipt> receipts = KafkaProbe.infra().readAfter(Topics.RECEIPTS, before, 1, WAIT).stream()
          .filter(r -> conversation.equals(r.key())).map(ConsumerRecord::value).toList();
      assertThat(receipts).singleElement().satisfies(r -> {
        assertThat(r.getUserId()).isEqualTo(alice);
        assertThat(r.getDeviceId()).isEqualTo("phone");
        assertThat(r.getKind()).isEqualTo(ReceiptKind.READ);
        assertThat(r.getUpToSeq()).isEqualTo(4);
      });
    }
  }

  @Test
  void badFramesGetErrorFramesAndTheConnectionStaysOpen() {
    String alice = id("alice");
    try (ChatClient a = ChatClient.open(port, alice, "phone")) {
      a.send("this is not json");
      JsonNode notJson = a.next(WAIT);
      assertThat(notJson.get("type").asString()).isEqualTo("error");
      assertThat(notJson.get("code").asString()).isEqualTo("bad_request");
      a.send("{\"type\":\"shout\",\"ref\":\"x\"}");
      JsonNode unknown = a.next(WAIT);
      assertThat(unknown.get("ref").asString()).isEqualTo("x");
      assertThat(unknown.get("field").asString()).isEqualTo("type");
      a.send("{\"type\":\"send\",\"ref\":\"s\",\"conversationId\":\"c\"}");
      assertThat(a.next(WAIT).get("field").asString()).isEqualTo("clientMsgId");
      a.send("{\"type\":\"send\",\"ref\":\"t\",\"conversationId\":\"c\",\"clientMsgId\":\"m\",\"body\":\"b\","
          + "\"contentType\":\"image/png\"}");
      JsonNode rule = a.next(WAIT);
      assertThat(rule.get("code").asString()).isEqualTo("bad_request");
      assertThat(rule.get("field").asString()).as("the chat rules name the field").isEqualTo("contentType");
      a.send("{\"type\":\"hello\"}");
      assertThat(a.next(WAIT).get("message").asString()).contains("first frame");

      a.send("{\"type\":\"ping\",\"ref\":\"still-here\"}");
      JsonNode pong = a.next(WAIT);
      assertThat(pong.get("type").asString()).isEqualTo("pong");
      assertThat(pong.get("ref").asString()).isEqualTo("still-here");
    }
  }
}
