package io.herald.ingest.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.events.ProfileChanged;
import io.herald.ingest.IngestIntegrationTest;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.KafkaProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/** Refresh-token rotation, reuse detection, sign-out and per-device sessions, tried as a thief would. */
// Many sign-ins from one address: the per-address limit is not what these tests try.
@TestPropertySource(properties = {"herald.ingest.rate-limit.anonymous-per-second=1000",
    "herald.ingest.rate-limit.anonymous-burst=1000"})
class SessionsIntegrationTest extends IngestIntegrationTest {

  private static final String PASSWORD = "correct horse battery";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final KafkaProbe kafka = KafkaProbe.infra();

  @Autowired
  private MongoDatabase database;

  private String newAccount() {
    String email = unique("sess") + "@example.com";
    register(email, "customer", null);
    return email;
  }

  private SessionResponse signIn(String email, String device) {
    return web.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("email", email, "password", PASSWORD, "device", device))
        .exchange().expectStatus().isOk().expectBody(SessionResponse.class).returnResult().getResponseBody();
  }

  private WebTestClient.ResponseSpec refresh(String refreshToken) {
    return web.post().uri("/v1/sessions/refresh").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("refreshToken", refreshToken)).exchange();
  }

  private SessionResponse refreshed(String refreshToken) {
    return refresh(refreshToken).expectStatus().isOk().expectBody(SessionResponse.class).returnResult().getResponseBody();
  }

  private WebTestClient.ResponseSpec me(String accessToken) {
    return web.get().uri("/v1/users/me").header(HttpHeaders.AUTHORIZATION, bearer(accessToken)).exchange();
  }

  private List<SessionView> devices(String accessToken) {
    return web.get().uri("/v1/sessions").header(HttpHeaders.AUTHORIZATION, bearer(accessToken)).exchange()
        .expectStatus().isOk().expectBody(new ParameterizedTypeReference<List<SessionView>>() { })
        .returnResult().getResponseBody();
  }

  @Test
  void expiredSessionsExpireByATtlIndex() {
    signIn(newAccount(), "phone");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> { // created in the background at start
      List<Document> indexes = reactor.core.publisher.Flux.from(database.getCollection(SessionStore.COLLECTION).listIndexes())
          .collectList().block(Duration.ofSeconds(10));
      assertThat(indexes).as("a TTL index on expires_at, so sessions of users who never return go")
          .anySatisfy(i -> {
            assertThat(i.get("key", Document.class)).isEqualTo(new Document("expires_at", 1));
            assertThat(((Number) i.get("expireAfterSeconds")).longValue()).isZero();
          });
    });
  }

  @Test
  void refreshRotatesBothTokensAndTheNewAccessTokenWorks() {
    SessionResponse first = signIn(newAccount(), "phone");
    assertThat(first.refreshToken()).startsWith(first.sessionId() + ".");

    SessionResponse second = refreshed(first.refreshToken());

    assertThat(second.sessionId()).isEqualTo(first.sessionId());
    assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
    assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
    assertThat(second.userId()).isEqualTo(first.userId());
    me(second.accessToken()).expectStatus().isOk();
    assertThat(refreshed(second.refreshToken()).sessionId()).as("the new token is good for one more rotation")
        .isEqualTo(first.sessionId());
  }

  @Test
  void replayingASpentRefreshTokenRevokesTheWholeFamily() {
    SessionResponse signedIn = signIn(newAccount(), "phone");
    SessionResponse legit = refreshed(signedIn.refreshToken());

    refresh(signedIn.refreshToken()).expectStatus().isUnauthorized(); // the replay

    refresh(legit.refreshToken()).expectStatus().isUnauthorized();
    me(legit.accessToken()).expectStatus().isUnauthorized();
    me(signedIn.accessToken()).expectStatus().isUnauthorized();
  }

  @Test
  void aThiefWhoRefreshesFirstIsCutOffWhenTheVictimRefreshes() {
    SessionResponse victim = signIn(newAccount(), "phone");
    SessionResponse thief = refreshed(victim.refreshToken()); // stolen and used first
    me(thief.accessToken()).expectStatus().isOk();

    refresh(victim.refreshToken()).expectStatus().isUnauthorized(); // the victim's app tries its (now spent) token

    me(thief.accessToken()).expectStatus().isUnauthorized();
    refresh(thief.refreshToken()).expectStatus().isUnauthorized();
  }

  /** Gateways learn of a revocation from {@code users}: a ProfileChanged naming the session, and nothing else. */
  private void awaitRevocationAnnounced(String userId, String sessionId, Map<Integer, Long> before) {
    await().atMost(WAIT).untilAsserted(() -> assertThat(kafka.readValuesAfter(Topics.USERS, before, 1, Duration.ofSeconds(1)))
        .filteredOn(e -> userId.equals(e.getUserId()) && e.getPayload() instanceof ProfileChanged)
        .extracting(e -> (ProfileChanged) e.getPayload())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.getRevokedSessionIds()).containsExactly(sessionId);
          assertThat(p.getShopIds()).isNull();
          assertThat(p.getEmail()).isNull();
        }));
  }

  @Test
  void signOutRevokesTheSessionItsRefreshTokenAndItsAccessTokens() {
    SessionResponse s = signIn(newAccount(), "phone");
    me(s.accessToken()).expectStatus().isOk();
    Map<Integer, Long> before = kafka.endOffsets(Topics.USERS.name());

    web.delete().uri("/v1/sessions/current").header(HttpHeaders.AUTHORIZATION, bearer(s.accessToken())).exchange()
        .expectStatus().isNoContent();

    me(s.accessToken()).expectStatus().isUnauthorized()
        .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
    refresh(s.refreshToken()).expectStatus().isUnauthorized();
    awaitRevocationAnnounced(s.userId(), s.sessionId(), before);
  }

  @Test
  void eachDeviceIsASessionTheUserCanListAndRevoke() {
    String email = newAccount();
    SessionResponse phone = signIn(email, "phone");
    SessionResponse laptop = signIn(email, "laptop");

    List<SessionView> seen = devices(phone.accessToken());
    assertThat(seen).extracting(SessionView::sessionId).containsExactlyInAnyOrder(phone.sessionId(), laptop.sessionId());
    assertThat(seen).filteredOn(SessionView::current).extracting(SessionView::device).containsExactly("phone");

    Map<Integer, Long> before = kafka.endOffsets(Topics.USERS.name());
    web.delete().uri("/v1/sessions/" + laptop.sessionId()).header(HttpHeaders.AUTHORIZATION, bearer(phone.accessToken()))
        .exchange().expectStatus().isNoContent();
    awaitRevocationAnnounced(phone.userId(), laptop.sessionId(), before);

    me(laptop.accessToken()).expectStatus().isUnauthorized();
    refresh(laptop.refreshToken()).expectStatus().isUnauthorized();
    me(phone.accessToken()).expectStatus().isOk();
    assertThat(devices(phone.accessToken())).extracting(SessionView::sessionId).containsExactly(phone.sessionId());
  }

  @Test
  void nobodyRevokesOrListsAnotherUsersSession() {
    SessionResponse alice = signIn(newAccount(), "phone");
    SessionResponse mallory = signIn(newAccount(), "phone");

    web.delete().uri("/v1/sessions/" + alice.sessionId()).header(HttpHeaders.AUTHORIZATION, bearer(mallory.accessToken()))
        .exchange().expectStatus().isNotFound();

    me(alice.accessToken()).expectStatus().isOk();
    assertThat(devices(mallory.accessToken())).extracting(SessionView::sessionId).containsExactly(mallory.sessionId());
  }

  @Test
  void refreshTokensAreStoredOnlyAsHashes() {
    SessionResponse s = signIn(newAccount(), "phone");
    SessionResponse next = refreshed(s.refreshToken());

    Document stored = Mono.from(database.getCollection(SessionStore.COLLECTION).find(Filters.eq("_id", s.sessionId())).first())
        .block(Duration.ofSeconds(10));
    assertThat(stored).isNotNull();
    String secret = next.refreshToken().substring(next.refreshToken().indexOf('.') + 1);
    assertThat(stored.toJson()).doesNotContain(secret)
        .doesNotContain(s.refreshToken().substring(s.refreshToken().indexOf('.') + 1));
    assertThat(stored.getString(SessionStore.REFRESH_HASH)).isEqualTo(RefreshToken.parse(next.refreshToken()).orElseThrow().hash());
  }

  @Test
  void forgedAndMalformedRefreshTokensAreRefused() {
    SessionResponse s = signIn(newAccount(), "phone");
    String sid = s.sessionId();

    refresh(sid + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").expectStatus().isUnauthorized()
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    refresh("not-a-token").expectStatus().isUnauthorized();
    refresh(s.accessToken()).expectStatus().isUnauthorized();
    web.post().uri("/v1/sessions/refresh").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of())
        .exchange().expectStatus().isBadRequest();
    // a guess that is not a spent token of the family revokes nothing
    refreshed(s.refreshToken());
  }

  @Test
  void deletingTheAccountRevokesEverySession() {
    String email = newAccount();
    SessionResponse phone = signIn(email, "phone");
    SessionResponse laptop = signIn(email, "laptop");

    web.delete().uri("/v1/users/me").header(HttpHeaders.AUTHORIZATION, bearer(phone.accessToken())).exchange()
        .expectStatus().isNoContent();

    refresh(phone.refreshToken()).expectStatus().isUnauthorized();
    refresh(laptop.refreshToken()).expectStatus().isUnauthorized();
    web.post().uri("/v1/tickets").contentType(MediaType.APPLICATION_JSON)
        .header(HttpHeaders.AUTHORIZATION, bearer(laptop.accessToken())).bodyValue(Map.of("scope", "ws"))
        .exchange().expectStatus().isUnauthorized();
  }
}
