package io.herald.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.auth.FirebaseEmulator;
import io.herald.auth.FirebaseSignIn;
import io.herald.events.ConversationEvent;
import io.herald.events.MessageSent;
import io.herald.gateway.ChatClient;
import io.herald.gateway.GatewayIntegrationTestBase;
import io.herald.gateway.HttpProbe;
import io.herald.gateway.SseClient;
import io.herald.gateway.chat.ChatTestData;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.FirebaseAuthEmulator;
import io.herald.testkit.KafkaProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A user signed up in the real Firebase Auth emulator talks on the chat socket (and extends it
 * with a fresh ID token through {@code reauth}) and a merchant of
 * the {@code herald_shops} claim watches its shop, with nothing but Firebase ID tokens; a token of
 * another project or a mangled one is refused, and outside emulator mode (the production path) the
 * emulator's unsigned tokens, tampered or not, never pass.
 */
@TestPropertySource(properties = "herald.auth.firebase.project-id=" + FirebaseSignInIntegrationTest.PROJECT)
class FirebaseSignInIntegrationTest extends GatewayIntegrationTestBase {

  static final String PROJECT = "demo-herald-gw";
  @RegisterExtension
  static final FirebaseEmulator firebase = new FirebaseEmulator(PROJECT);

  private final ChatTestData readModel = new ChatTestData(DATABASE);

  @AfterEach
  void closeReadModel() {
    readModel.close();
  }

  @Test
  void anEmulatorUserOpensAChatSocketAndPostsAMessage() {
    FirebaseAuthEmulator.User ann = firebase.newUser("ann");
    String annId = FirebaseSignIn.heraldUserId(PROJECT, ann.uid());
    String bob = ChatTestData.id("bob");
    String conversation = ChatTestData.id("dm");
    readModel.directConversation(conversation, annId, bob, 0);
    Map<Integer, Long> before = KafkaProbe.infra().endOffsets(Topics.CONVERSATIONS.name());

    try (ChatClient socket = ChatClient.connect(port, "?deviceId=phone", ann.idToken())) {
      JsonNode welcome = socket.next(ChatClient.WAIT);
      assertThat(welcome.get("type").asString()).isEqualTo("welcome");
      assertThat(welcome.get("userId").asString()).isEqualTo(annId);

      socket.sendMessage("r1", conversation, "cm-1", "hello from firebase");
      assertThat(socket.next("sent").get("conversationId").asString()).isEqualTo(conversation);

      socket.send("{\"type\":\"reauth\",\"ref\":\"a1\",\"token\":\"" + firebase.get().signIn(ann) + "\"}");
      assertThat(socket.next("reauthed").get("ref").asString()).as("a fresh ID token extends the socket").isEqualTo("a1");
      FirebaseAuthEmulator.User other = firebase.newUser("other");
      socket.send("{\"type\":\"reauth\",\"ref\":\"a2\",\"token\":\"" + other.idToken() + "\"}");
      assertThat(socket.next("error").get("code").asString()).as("a socket keeps its user").isEqualTo("forbidden");
    }
    List<ConsumerRecord<String, ConversationEvent>> written = KafkaProbe.infra()
        .readAfter(Topics.CONVERSATIONS, before, 1, ChatClient.WAIT).stream()
        .filter(r -> conversation.equals(r.key())).toList();
    assertThat(written).hasSize(1);
    assertThat(written.get(0).value().getActorId()).isEqualTo(annId);
    assertThat(((MessageSent) written.get(0).value().getPayload()).getBody()).isEqualTo("hello from firebase");
  }

  @Test
  void theShopsClaimOpensThatShopsStreamOnly() {
    FirebaseAuthEmulator.User merchant = firebase.newUser("merchant");
    String shop = newShop();
    firebase.get().setCustomClaims(merchant.uid(), "{\"" + FirebaseSignIn.SHOPS_CLAIM + "\":[\"" + shop + "\"]}");
    String token = firebase.get().signIn(merchant);

    try (SseClient stream = SseClient.open(port, shop, token)) {
      stream.awaitConnected();
    }
    assertThat(HttpProbe.get(port, "/v1/shops/" + newShop() + "/stream", h -> h.setBearerAuth(token)).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(HttpProbe.get(port, "/v1/shops/" + shop + "/stream", h -> h.setBearerAuth(firebase.newUser("customer").idToken()))
        .getStatusCode()).as("no claim: a customer").isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void aTokenOfAnotherProjectOrATamperedOneIsRefused() {
    FirebaseAuthEmulator.User ann = firebase.newUser("ann");
    String foreign = FirebaseAuthEmulator.tamper(ann.idToken(), "\"aud\":\"" + PROJECT + "\"", "\"aud\":\"demo-other\"");

    for (String token : List.of(foreign, ann.idToken() + "x")) {
      assertThat(HttpProbe.get(port, "/v1/conversations", h -> h.setBearerAuth(token)).getStatusCode())
          .isEqualTo(HttpStatus.UNAUTHORIZED);
      assertThat(HttpProbe.get(port, "/v1/ws", h -> h.setBearerAuth(token)).getStatusCode())
          .isEqualTo(HttpStatus.UNAUTHORIZED);
    }
    firebase.emulatorMode(false);
    try {
      assertThat(HttpProbe.get(port, "/v1/conversations", h -> h.setBearerAuth(ann.idToken())).getStatusCode())
          .as("outside the emulator an unsigned token never passes").isEqualTo(HttpStatus.UNAUTHORIZED);
    } finally {
      firebase.emulatorMode(true);
    }
  }
}
