package io.herald.gateway.chat;

import static io.herald.gateway.chat.ChatTestData.delivery;
import static io.herald.gateway.chat.ChatTestData.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.events.ConversationEvent;
import io.herald.events.Delivery;
import io.herald.events.MessageSent;
import io.herald.gateway.ChatClient;
import io.herald.gateway.GatewayApplication;
import io.herald.gateway.GatewayIntegrationTestBase;
import io.herald.gateway.ShopEvents;
import io.herald.gateway.TestTokens;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.HeraldInfra;
import io.herald.testkit.KafkaProbe;
import io.herald.testkit.WithHeraldInfra;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Scale-out: two gateways in one JVM, each reading the whole inbox and keeping only its own
 * connected users. Alice is on the first, Bob on the second; messages flow both ways. The test plays
 * the Streams topology: it reads each send from {@code conversations} and writes the deliveries.
 */
@WithHeraldInfra
class TwoGatewaysIntegrationTest {

  private static ConfigurableApplicationContext first;
  private static ConfigurableApplicationContext second;
  private final ShopEvents kafka = new ShopEvents();

  @BeforeAll
  static void startTwoGateways() {
    first = start();
    second = start();
  }

  @AfterAll
  static void stopGateways() {
    second.close();
    first.close();
  }

  private static ConfigurableApplicationContext start() {
    return GatewayApplication.builder().run(
        "--server.port=0",
        "--spring.kafka.bootstrap-servers=" + HeraldInfra.kafkaBootstrapServers(),
        "--herald.topics.create=false",
        "--herald.gateway.auth.jwks-uri=" + TestTokens.jwksUri(),
        "--herald.gateway.mongo.uri=" + HeraldInfra.mongoUri(),
        "--herald.gateway.mongo.database=" + GatewayIntegrationTestBase.DATABASE,
        "--herald.gateway.chat.hello-timeout=200ms");
  }

  private static int port(ConfigurableApplicationContext ctx) {
    return Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
  }

  @Test
  void usersOnDifferentGatewaysChatBothWays() {
    String alice = id("alice");
    String bob = id("bob");
    String conversation = id("dm");
    try (ChatTestData readModel = new ChatTestData(GatewayIntegrationTestBase.DATABASE);
         ChatClient a = ChatClient.open(port(first), alice, "phone");
         ChatClient b = ChatClient.open(port(second), bob, "laptop")) {
      readModel.directConversation(conversation, alice, bob, 0);

      relay(a, conversation, "c-1", "hi bob", 1, alice, bob);
      JsonNode atBob = b.next("message");
      assertThat(atBob.get("body").asString()).isEqualTo("hi bob");
      assertThat(atBob.get("senderId").asString()).isEqualTo(alice);
      JsonNode echo = a.next("message");
      assertThat(echo.get("senderDeviceId").asString()).as("the sender's echo names its device").isEqualTo("phone");

      relay(b, conversation, "c-2", "hi alice", 2, bob, alice);
      JsonNode atAlice = a.next("message");
      assertThat(atAlice.get("body").asString()).isEqualTo("hi alice");
      assertThat(atAlice.get("seq").asLong()).isEqualTo(2);
      assertThat(b.next("message").get("seq").asLong()).isEqualTo(2);
    }
    assertThat(registry(first).connectionsOf(bob)).as("bob was never on the first gateway").isNull();
    assertThat(registry(second).connectionsOf(alice)).isNull();
    assertThat(liveMessages(first)).as("each gateway pushed only its own user's copies").isEqualTo(2.0);
    assertThat(liveMessages(second)).isEqualTo(2.0);
  }

  /** The client sends; the "topology" turns the accepted event into seq {@code seq} for both members. */
  private void relay(ChatClient from, String conversation, String clientMsgId, String body, long seq, String sender,
                     String other) {
    Map<Integer, Long> before = KafkaProbe.infra().endOffsets(Topics.CONVERSATIONS.name());
    from.sendMessage("r", conversation, clientMsgId, body);
    assertThat(from.next("sent").get("clientMsgId").asString()).isEqualTo(clientMsgId);
    ConsumerRecord<String, ConversationEvent> written = KafkaProbe.infra()
        .readAfter(Topics.CONVERSATIONS, before, 1, ChatClient.WAIT).stream()
        .filter(r -> conversation.equals(r.key())).findFirst().orElseThrow();
    MessageSent sent = (MessageSent) written.value().getPayload();
    for (String recipient : new String[] {other, sender}) {
      kafka.send(Topics.INBOX, recipient, Delivery.newBuilder(delivery(recipient, conversation, seq, sender, sent.getBody()))
          .setMessageId(sent.getMessageId()).setClientMsgId(sent.getClientMsgId())
          .setSenderDeviceId(sent.getSenderDeviceId()).build());
    }
  }

  private static ConnectionRegistry registry(ConfigurableApplicationContext ctx) {
    return ctx.getBean(ConnectionRegistry.class);
  }

  private static double liveMessages(ConfigurableApplicationContext ctx) {
    var counter = ctx.getBean(MeterRegistry.class).find("herald.gateway.chat.messages.sent").tag("source", "live").counter();
    return counter == null ? 0 : counter.count();
  }

  @org.junit.jupiter.api.AfterEach
  void closeProducer() {
    kafka.close();
  }
}
