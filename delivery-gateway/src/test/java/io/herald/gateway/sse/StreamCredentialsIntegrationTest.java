package io.herald.gateway.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.auth.HeraldPrincipal;
import io.herald.auth.InvalidTokenException;
import io.herald.auth.Role;
import io.herald.auth.VerifiedAccess;
import io.herald.events.ProfileChanged;
import io.herald.events.UserDeleted;
import io.herald.events.UserEvent;
import io.herald.gateway.GatewayIntegrationTestBase;
import io.herald.gateway.HttpProbe;
import io.herald.gateway.SseClient;
import io.herald.gateway.ShopEvents;
import io.herald.gateway.TestTokens;
import io.herald.gateway.auth.CredentialWatch;
import io.herald.gateway.kafka.TopicTail;
import io.herald.gateway.timers.ConnectionTimers;
import io.herald.gateway.kafka.KafkaClients;
import io.herald.schemas.dlq.DeadLetters;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.KafkaProbe;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.ServerSentEvent;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/** A merchant stream ends with its credentials: at token expiry (and resumes exactly), or on revocation within seconds. */
class StreamCredentialsIntegrationTest extends GatewayIntegrationTestBase {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired
  private CredentialWatch credentials;

  @Autowired
  private KafkaClients clients;

  @BeforeEach
  void usersReaderPositioned() {
    credentials.ready().block(WAIT);
  }

  private String label(ServerSentEvent<String> e) {
    var json = JSON.readTree(e.data());
    return json.has("checkoutId") ? json.get("checkoutId").asString() : json.get("body").asString();
  }

  private void publish(String userId, Object payload) {
    kafka.send(Topics.USERS, userId, UserEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
        .setUserId(userId).setPayload(payload).build());
  }

  @Test
  void atExpiryTheStreamSaysReauthAndEndsAndAResumeWithAFreshTokenMissesNothing() {
    String shop = newShop();
    String user = "m-" + UUID.randomUUID();
    String lastId;
    try (SseClient sse = SseClient.open(port, shop, TestTokens.merchantExpiringIn(Duration.ofSeconds(10), user, shop))
        .awaitConnected()) {
      kafka.send(shop, ShopEvents.checkout(shop, "c-1"));
      ServerSentEvent<String> first = sse.nextEvent(WAIT);
      assertThat(label(first)).isEqualTo("c-1");
      lastId = first.id();

      ServerSentEvent<String> last = sse.nextEvent(WAIT);
      assertThat(last.event()).isEqualTo("reauth");
      assertThat(last.id()).as("Last-Event-ID stays the last real event's").isNull();
      assertThat(last.data()).contains("token-expired", "Last-Event-ID");
      await().atMost(WAIT).until(sse::ended);
    }
    kafka.send(shop, ShopEvents.checkout(shop, "c-2"));
    kafka.send(shop, ShopEvents.message(shop, "m-3"));

    try (SseClient sse = SseClient.open(port, "/v1/shops/" + shop + "/stream", TestTokens.merchant(shop), lastId)
        .awaitConnected()) {
      List<ServerSentEvent<String>> missed = sse.nextEvents(2, WAIT);
      kafka.send(shop, ShopEvents.checkout(shop, "c-4"));
      assertThat(missed).extracting(this::label).containsExactly("c-2", "m-3");
      assertThat(label(sse.nextEvent(WAIT))).isEqualTo("c-4");
    }
  }

  @Test
  void deletingTheAccountEndsItsStreamsWithinSeconds() {
    String shop = newShop();
    String user = "m-" + UUID.randomUUID();
    try (SseClient sse = SseClient.open(port, shop, TestTokens.merchantExpiringIn(Duration.ofMinutes(30), user, shop))
        .awaitConnected()) {
      publish(user, new UserDeleted());

      ServerSentEvent<String> last = sse.nextEvent(WAIT);
      assertThat(last.event()).isEqualTo("revoked");
      assertThat(last.data()).contains("account-deleted");
      await().atMost(WAIT).until(sse::ended);
    }
    // A token issued before the deletion no longer opens a stream on this gateway either.
    assertThat(HttpProbe.get(port, "/v1/shops/" + shop + "/stream",
        h -> h.setBearerAuth(TestTokens.merchantExpiringIn(Duration.ofMinutes(30), user, shop))).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void signingOutEndsTheSessionsStreamsWithinSecondsAndNotTheOtherDevicesOnes() {
    String shop = newShop();
    String user = "m-" + UUID.randomUUID();
    String phone = "s-" + UUID.randomUUID();
    String laptop = "s-" + UUID.randomUUID();
    try (SseClient signedOut = SseClient.open(port, shop, TestTokens.merchantInSession(phone, user, shop)).awaitConnected();
         SseClient other = SseClient.open(port, shop, TestTokens.merchantInSession(laptop, user, shop)).awaitConnected()) {
      publish(user, ProfileChanged.newBuilder().setRevokedSessionIds(List.of(phone)).build());

      ServerSentEvent<String> last = signedOut.nextEvent(WAIT);
      assertThat(last.event()).isEqualTo("revoked");
      assertThat(last.data()).contains("session-revoked");
      await().atMost(WAIT).until(signedOut::ended);

      kafka.send(shop, ShopEvents.checkout(shop, "c-1"));
      assertThat(label(other.nextEvent(WAIT))).as("the user's other session keeps streaming").isEqualTo("c-1");
    }
    assertThat(HttpProbe.get(port, "/v1/shops/" + shop + "/stream",
        h -> h.setBearerAuth(TestTokens.merchantInSession(phone, user, shop))).getStatusCode())
        .as("a token of the signed-out session opens nothing afterwards").isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void aGatewayStartedAfterASignOutOrADeletionKnowsOfIt() {
    String user = "m-" + UUID.randomUUID();
    String deleted = "m-" + UUID.randomUUID();
    String signedOut = "s-" + UUID.randomUUID();
    String live = "s-" + UUID.randomUUID();
    publish(user, ProfileChanged.newBuilder().setRevokedSessionIds(List.of(signedOut)).build());
    publish(deleted, new UserDeleted());

    // a second watch, started after both changes, reading users as a freshly started gateway does
    CredentialWatch fresh = new CredentialWatch(handler -> TopicTail.of(clients, Topics.USERS.name(), handler)
        .recent(Duration.ofHours(1)).pollTimeout(Duration.ofMillis(100)).metadataTimeout(WAIT).build(),
        null, Clock.systemUTC(), ConnectionTimers.manual());
    fresh.start();
    try {
      fresh.ready().block(WAIT);
      StepVerifier.create(fresh.requireCurrent(access(user, signedOut), p -> true)).verifyError(InvalidTokenException.class);
      StepVerifier.create(fresh.requireCurrent(access(deleted, live), p -> true)).verifyError(InvalidTokenException.class);
      StepVerifier.create(fresh.requireCurrent(access(user, live), p -> true)).expectNextCount(1).verifyComplete();
    } finally {
      fresh.stop();
    }
  }

  private static VerifiedAccess access(String userId, String sessionId) {
    return new VerifiedAccess(new HeraldPrincipal(userId, Role.MERCHANT, java.util.Set.of()), Instant.now().plus(Duration.ofMinutes(30)),
        java.util.Optional.of(sessionId));
  }

  @Test
  void losingTheShopEndsTheStreamAndKeepingItDoesNot() {
    String shop = newShop();
    String other = newShop();
    String keeper = "m-" + UUID.randomUUID();
    String loser = "m-" + UUID.randomUUID();
    try (SseClient kept = SseClient.open(port, shop, TestTokens.merchantExpiringIn(Duration.ofMinutes(30), keeper, shop))
             .awaitConnected();
         SseClient lost = SseClient.open(port, shop, TestTokens.merchantExpiringIn(Duration.ofMinutes(30), loser, shop))
             .awaitConnected()) {
      publish(keeper, new ProfileChanged(null, null, List.of(shop, other), null, null));
      publish(loser, new ProfileChanged(null, null, List.of(other), null, null));

      ServerSentEvent<String> last = lost.nextEvent(WAIT);
      assertThat(last.event()).isEqualTo("revoked");
      assertThat(last.data()).contains("access-revoked");

      kafka.send(shop, ShopEvents.checkout(shop, "c-1"));
      assertThat(label(kept.nextEvent(WAIT))).as("the merchant who kept the shop keeps streaming").isEqualTo("c-1");
    }
  }

  @Test
  void aPoisonUsersRecordGoesToItsDeadLetterTopicWithTheReasonAndLaterChangesStillEndStreams() {
    String shop = newShop();
    String user = "m-" + UUID.randomUUID();
    Map<Integer, Long> dlqBefore = KafkaProbe.infra().endOffsets(Topics.USERS.dlq());
    byte[] poison = "not a user event".getBytes(StandardCharsets.UTF_8);
    try (SseClient sse = SseClient.open(port, shop, TestTokens.merchantExpiringIn(Duration.ofMinutes(30), user, shop))
        .awaitConnected()) {
      kafka.sendRaw(Topics.USERS.name(), user, poison);
      publish(user, new UserDeleted());

      assertThat(sse.nextEvent(WAIT).event()).isEqualTo("revoked");
    }
    ConsumerRecord<byte[], byte[]> letter = KafkaProbe.infra().readAfter(Topics.USERS.dlq(), dlqBefore, 1, WAIT).stream()
        .filter(r -> user.equals(new String(r.key(), StandardCharsets.UTF_8))).findFirst().orElseThrow();
    assertThat(letter.value()).isEqualTo(poison);
    assertThat(new String(letter.headers().lastHeader(DeadLetters.H_MESSAGE).value(), StandardCharsets.UTF_8))
        .isNotBlank();
    assertThat(new String(letter.headers().lastHeader(DeadLetters.H_TOPIC).value(), StandardCharsets.UTF_8))
        .isEqualTo(Topics.USERS.name());
  }
}
