package io.herald.gateway.chat;

import static io.herald.gateway.chat.ChatTestData.delivery;
import static io.herald.gateway.chat.ChatTestData.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.events.Delivery;
import io.herald.events.ProfileChanged;
import io.herald.events.UserDeleted;
import io.herald.events.UserEvent;
import io.herald.gateway.ChatClient;
import io.herald.gateway.GatewayIntegrationTestBase;
import io.herald.gateway.TestTokens;
import io.herald.gateway.auth.CredentialWatch;
import io.herald.schemas.topics.Topics;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A chat socket ends with its credentials: at expiry a {@code reauth} frame with a fresh token
 * extends it with nothing lost; without one it closes with 4001 and a reconnect resumes exactly by
 * seq; an account deletion closes it with 4003; a {@code reauth} with someone else's or a forged
 * token is refused with an error frame.
 */
@TestPropertySource(properties = {
    "herald.gateway.chat.reauth-grace=5s",
    "herald.gateway.chat.hello-timeout=5s"}) // these clients always send hello
class ChatCredentialsIntegrationTest extends GatewayIntegrationTestBase {

  private static final Duration WAIT = ChatClient.WAIT;
  private static final Duration GRACE = Duration.ofSeconds(5);

  private final ChatTestData readModel = new ChatTestData(DATABASE);

  @Autowired
  private CredentialWatch credentials;

  @BeforeEach
  void usersReaderPositioned() {
    credentials.ready().block(WAIT);
  }

  @AfterEach
  void closeReadModel() {
    readModel.close();
  }

  @Test
  void aReauthAtExpiryExtendsTheSocketAndMessagesKeepFlowingWithoutGapOrDuplicate() {
    String alice = id("alice");
    String bob = id("bob");
    String dm = id("dm");
    readModel.directConversation(dm, alice, bob, 0);
    try (ChatClient a = connect(TestTokens.userExpiringIn(Duration.ofSeconds(4), alice), "{\"" + dm + "\":0}")) {
      deliver(alice, delivery(alice, dm, 1, bob, "before expiry"));
      assertThat(a.next("message").get("seq").asLong()).isEqualTo(1);

      JsonNode reauth = a.next("reauth");
      assertThat(reauth.get("reason").asString()).isEqualTo("token-expired");
      assertThat(Instant.parse(reauth.get("deadline").asString())).isAfter(Instant.now().minusSeconds(1));
      deliver(alice, delivery(alice, dm, 2, bob, "during the grace"));
      a.send(reauth("r1", TestTokens.userExpiringIn(Duration.ofMinutes(30), alice)));
      List<JsonNode> got = new ArrayList<>();
      JsonNode reauthed = collectMessagesUntil(a, "reauthed", got);
      assertThat(reauthed.get("ref").asString()).isEqualTo("r1");
      assertThat(Instant.parse(reauthed.get("expiresAt").asString())).isAfter(Instant.now().plus(Duration.ofMinutes(20)));

      await().during(GRACE.plusSeconds(1)).atMost(GRACE.plusSeconds(5)).until(a::isOpen);
      deliver(alice, delivery(alice, dm, 3, bob, "after the grace"));

      got.addAll(a.messages(2 - got.size()));
      assertThat(got).extracting(m -> m.get("seq").asLong()).containsExactly(2L, 3L);
      a.send("{\"type\":\"ping\",\"ref\":\"p\"}");
      JsonNode next = a.next(WAIT);
      assertThat(next.get("type").asString()).as("nothing repeated after the reauth").isEqualTo("pong");
      assertThat(a.isOpen()).isTrue();
    }
  }

  @Test
  void withoutReauthTheSocketClosesWith4001AndAReconnectResumesExactlyFromTheLastSeq() {
    String alice = id("alice");
    String bob = id("bob");
    String dm = id("dm");
    readModel.directConversation(dm, alice, bob, 0);
    long lastSeq;
    try (ChatClient a = connect(TestTokens.userExpiringIn(Duration.ofSeconds(3), alice), "{\"" + dm + "\":0}")) {
      deliver(alice, delivery(alice, dm, 1, bob, "m1"));
      deliver(alice, delivery(alice, dm, 2, bob, "m2"));
      List<JsonNode> got = a.messages(2);
      lastSeq = got.get(1).get("seq").asLong();
      assertThat(a.next("reauth").get("reason").asString()).isEqualTo("token-expired");
      assertThat(a.awaitClose(WAIT).getCode()).isEqualTo(4001);
    }
    // Projected while the client was away.
    deliver(alice, delivery(alice, dm, 3, bob, "m3"));
    deliver(alice, delivery(alice, dm, 4, bob, "m4"));

    try (ChatClient a = connect(TestTokens.user(alice), "{\"" + dm + "\":" + lastSeq + "}")) {
      List<JsonNode> missed = new ArrayList<>(a.messages(2));
      deliver(alice, delivery(alice, dm, 5, bob, "m5"));
      missed.add(a.next("message"));
      assertThat(missed).extracting(m -> m.get("seq").asLong()).containsExactly(3L, 4L, 5L);
      assertThat(missed).extracting(m -> m.get("body").asString()).containsExactly("m3", "m4", "m5");
    }
  }

  @Test
  void aTokenAcceptedJustAfterItsExpiryGetsReauthAtOnceAndStillClosesWith4001AtTheGraceEnd() {
    // within the verifier's clock skew: the socket opens, its watch ends at the first tick
    try (ChatClient a = connect(TestTokens.userExpiredAgo(Duration.ofSeconds(5), id("alice")), "{}")) {
      assertThat(a.next("reauth").get("reason").asString()).isEqualTo("token-expired");
      assertThat(a.awaitClose(WAIT).getCode()).isEqualTo(4001);
    }
  }

  @Test
  void deletingTheAccountClosesItsSocketsWith4003AndItsTokensNoLongerOpenOne() {
    String alice = id("alice");
    String token = TestTokens.userExpiringIn(Duration.ofMinutes(30), alice);
    try (ChatClient a = connect(token, "{}")) {
      deleteAccount(alice);
      assertThat(a.awaitClose(WAIT).getCode()).isEqualTo(4003);
    }
    try (ChatClient again = ChatClient.connect(port, "?deviceId=phone", token)) {
      Throwable refused = again.awaitFailure(WAIT);
      assertThat(refused).isInstanceOf(WebSocketClientHandshakeException.class);
      assertThat(((WebSocketClientHandshakeException) refused).response().status().code()).isEqualTo(401);
    }
  }

  @Test
  void signingOutClosesThatSessionsSocketWith4003AndLeavesTheOtherDevicesOpen() {
    String alice = id("alice");
    String bob = id("bob");
    String dm = id("dm");
    readModel.directConversation(dm, alice, bob, 0);
    String phone = id("session");
    String token = TestTokens.userInSession(phone, alice);
    try (ChatClient signedOut = connect(token, "{}");
         ChatClient laptop = connect(TestTokens.userInSession(id("session"), alice), "{}")) {
      kafka.send(Topics.USERS, alice, UserEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
          .setUserId(alice).setPayload(ProfileChanged.newBuilder().setRevokedSessionIds(List.of(phone)).build()).build());
      assertThat(signedOut.awaitClose(WAIT).getCode()).isEqualTo(4003);

      deliver(alice, delivery(alice, dm, 1, bob, "still here"));
      assertThat(laptop.next("message").get("body").asString()).isEqualTo("still here");
    }
    try (ChatClient again = ChatClient.connect(port, "?deviceId=phone", token)) {
      Throwable refused = again.awaitFailure(WAIT);
      assertThat(refused).isInstanceOf(WebSocketClientHandshakeException.class);
      assertThat(((WebSocketClientHandshakeException) refused).response().status().code()).isEqualTo(401);
    }
  }

  @Test
  void deletingTheAccountDuringTheGraceClosesWith4003() {
    String alice = id("alice");
    try (ChatClient a = connect(TestTokens.userExpiringIn(Duration.ofSeconds(3), alice), "{}")) {
      a.next("reauth");
      deleteAccount(alice);
      assertThat(a.awaitClose(WAIT).getCode()).isEqualTo(4003);
    }
  }

  @Test
  void aReauthWithAnotherUsersForgedOrMissingTokenIsRefusedAndTheSocketStillClosesAtTheGraceEnd() {
    String alice = id("alice");
    String bob = id("bob");
    String dm = id("dm");
    readModel.directConversation(dm, alice, bob, 0);
    try (ChatClient a = connect(TestTokens.userExpiringIn(Duration.ofSeconds(4), alice), "{}");
         ChatClient b = connect(TestTokens.user(bob), "{}")) {
      a.send(reauth("other", TestTokens.user(bob)));
      assertError(a.next("error"), "other", "forbidden");
      a.send(reauth("forged", TestTokens.forgedMerchant("s")));
      assertError(a.next("error"), "forged", "unauthorized");
      a.send(reauth("ticket", TestTokens.wsTicket(alice))); // a ticket is for the URL of a handshake only
      assertError(a.next("error"), "ticket", "unauthorized");
      a.send("{\"type\":\"reauth\",\"ref\":\"none\"}");
      assertError(a.next("error"), "none", "bad_request");
      a.send("{\"type\":\"ping\",\"ref\":\"p\"}");
      assertThat(a.next("pong").get("ref").asString()).isEqualTo("p");

      a.next("reauth");
      a.send(reauth("late-other", TestTokens.user(bob)));
      assertError(a.next("error"), "late-other", "forbidden");
      assertThat(a.awaitClose(WAIT).getCode()).isEqualTo(4001);

      deliver(bob, delivery(bob, dm, 1, alice, "bob is unaffected"));
      assertThat(b.next("message").get("body").asString()).isEqualTo("bob is unaffected");
      assertThat(b.isOpen()).isTrue();
    }
  }

  private ChatClient connect(String token, String resumeJson) {
    ChatClient c = ChatClient.connect(port, "?deviceId=phone", token);
    assertThat(c.next(WAIT).get("type").asString()).isEqualTo("welcome");
    return c.hello(resumeJson);
  }

  /** As the topology and the projector would: to the recipient's inbox, and into the read model. */
  private void deliver(String recipient, Delivery d) {
    readModel.message(d);
    readModel.directConversation(d.getConversationId(), d.getRecipientId(), d.getSenderId(), d.getSeq());
    kafka.send(Topics.INBOX, recipient, d);
  }

  /** Frames up to the first of {@code type} (returned); the messages among them go to {@code messages}. */
  private static JsonNode collectMessagesUntil(ChatClient c, String type, List<JsonNode> messages) {
    while (true) {
      JsonNode f = c.next(WAIT);
      String t = f.get("type").asString();
      if (type.equals(t)) {
        return f;
      }
      if ("message".equals(t)) {
        messages.add(f);
      }
    }
  }

  private void deleteAccount(String userId) {
    kafka.send(Topics.USERS, userId, UserEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
        .setUserId(userId).setPayload(new UserDeleted()).build());
  }

  private static String reauth(String ref, String token) {
    return "{\"type\":\"reauth\",\"ref\":\"" + ref + "\",\"token\":\"" + token + "\"}";
  }

  private static void assertError(JsonNode error, String ref, String code) {
    assertThat(error.get("ref").asString()).isEqualTo(ref);
    assertThat(error.get("code").asString()).isEqualTo(code);
  }
}
