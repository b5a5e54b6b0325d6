package io.herald.ingest.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.auth.Ticket;
import io.herald.auth.TokenVerifier;
import io.herald.events.ProfileChanged;
import io.herald.events.UserDeleted;
import io.herald.events.UserEvent;
import io.herald.events.UserRegistered;
import io.herald.events.UserRole;
import io.herald.ingest.IngestIntegrationTest;
import io.herald.ingest.outbox.OutboxEntry;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.KafkaProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;

/** Accounts, sign-in, tickets and the users-topic outbox against the real broker and Mongo-wire server. */
class AccountsIntegrationTest extends IngestIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private final KafkaProbe kafka = KafkaProbe.infra();

  @Autowired
  private MongoDatabase database;
  @Autowired
  private TokenVerifier verifier;

  /** Polls the users topic (after {@code before}) until an event for {@code userId} matches. */
  private UserEvent awaitUserEvent(Map<Integer, Long> before, String userId, Predicate<UserEvent> match) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Optional<ConsumerRecord<String, UserEvent>> hit = kafka.readAfter(Topics.USERS, before, 1, WAIT).stream()
          .filter(r -> userId.equals(r.key()) && match.test(r.value())).findFirst();
      if (hit.isPresent()) {
        return hit.get().value();
      }
      assertThat(System.nanoTime()).as("user event for %s", userId).isLessThan(deadline);
    }
  }

  private Optional<Document> accountDocument(String userId) {
    return Mono.from(database.getCollection(AccountStore.COLLECTION).find(Filters.eq("_id", userId)).first())
        .blockOptional(WAIT);
  }

  /** Polls the account document until {@code done} holds for it (empty: the document is gone). */
  private void awaitDocument(String userId, Predicate<Optional<Document>> done) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!done.test(accountDocument(userId))) {
      assertThat(System.nanoTime()).as("account document %s", userId).isLessThan(deadline);
    }
  }

  private static boolean outboxEmpty(Optional<Document> d) {
    return d.isPresent() && d.get().getList(OutboxEntry.FIELD, Document.class, List.of()).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void signUpSignInAndReadTheAccountWhileUserRegisteredReachesTheUsersTopic() {
    Map<Integer, Long> before = kafka.endOffsets(Topics.USERS.name());
    String email = unique("Merchant") + "@Example.com";
    String shopA = unique("shop-A");
    String shopB = unique("shop-B");

    Map<String, Object> created = register(email, "merchant", List.of(shopA, shopB, shopA));
    String userId = (String) created.get("userId");
    assertThat(created).containsEntry("email", email).containsEntry("role", "merchant")
        .containsEntry("shopIds", List.of(shopA, shopB));

    Map<String, Object> session = web.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("email", email.toLowerCase(), "password", "correct horse battery"))
        .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    assertThat(session).containsEntry("tokenType", "Bearer").containsEntry("userId", userId)
        .containsEntry("role", "merchant").containsKey("accessToken");
    assertThat(Instant.parse((String) session.get("expiresAt"))).isAfter(Instant.now());

    web.get().uri("/v1/users/me").header(HttpHeaders.AUTHORIZATION, bearer((String) session.get("accessToken")))
        .exchange().expectStatus().isOk()
        .expectBody(Map.class).isEqualTo(created);

    UserEvent event = awaitUserEvent(before, userId, e -> e.getPayload() instanceof UserRegistered);
    UserRegistered registered = (UserRegistered) event.getPayload();
    assertThat(registered.getEmail()).isEqualTo(email);
    assertThat(registered.getRole()).isEqualTo(UserRole.MERCHANT);
    assertThat(registered.getShopIds()).containsExactly(shopA, shopB);
    awaitDocument(userId, AccountsIntegrationTest::outboxEmpty);
  }

  @Test
  void aSecondAccountWithTheSameEmailInAnyCaseIs409() {
    String email = unique("dup") + "@example.com";
    register(email, "customer", null);
    web.post().uri("/v1/users").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("email", email.toUpperCase(), "password", "another password", "displayName", "X", "role", "customer"))
        .exchange().expectStatus().isEqualTo(409)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void wrongPasswordAndUnknownEmailGetTheSame401() {
    String email = unique("pw") + "@example.com";
    register(email, "customer", null);
    byte[] wrongPassword = web.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("email", email, "password", "not the password"))
        .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.detail").exists()
        .returnResult().getResponseBody();
    byte[] unknown = web.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("email", unique("nobody") + "@example.com", "password", "not the password"))
        .exchange().expectStatus().isUnauthorized().expectBody().returnResult().getResponseBody();
    assertThat(new String(unknown)).isEqualTo(new String(wrongPassword));
  }

  @Test
  void registrationRulesAre400NamingTheField() {
    web.post().uri("/v1/users").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("email", unique("m") + "@example.com", "password", "long enough pw", "displayName", "M", "role", "merchant"))
        .exchange().expectStatus().isBadRequest()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.errors[0].field").isEqualTo("shopIds");
    web.post().uri("/v1/users").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("email", unique("c") + "@example.com", "password", "short", "displayName", "C", "role", "customer",
            "shopIds", List.of("s")))
        .exchange().expectStatus().isBadRequest()
        .expectBody().jsonPath("$.errors.length()").isEqualTo(2);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRetriedSignUpWithTheSameKeyReplaysTheFirstAnswer() {
    Map<String, Object> body = Map.of("email", unique("idem") + "@example.com", "password", "correct horse battery",
        "displayName", "Idem", "role", "customer");
    Map<String, Object> first = web.post().uri("/v1/users").header("Idempotency-Key", "signup-1")
        .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
        .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
    web.post().uri("/v1/users").header("Idempotency-Key", "signup-1")
        .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
        .exchange().expectStatus().isCreated()
        .expectHeader().valueEquals("Idempotent-Replayed", "true")
        .expectBody(Map.class).isEqualTo(first);
    Map<String, Object> changed = new java.util.HashMap<>(body);
    changed.put("displayName", "Someone else");
    web.post().uri("/v1/users").header("Idempotency-Key", "signup-1")
        .contentType(MediaType.APPLICATION_JSON).bodyValue(changed)
        .exchange().expectStatus().isEqualTo(422);
  }

  @Test
  @SuppressWarnings("unchecked")
  void profileChangesArePublishedAndEmailChangesNeedTheCurrentPassword() {
    Map<Integer, Long> before = kafka.endOffsets(Topics.USERS.name());
    String email = unique("edit") + "@example.com";
    String userId = (String) register(email, "customer", null).get("userId");
    String token = signIn(email);

    web.patch().uri("/v1/users/me").header(HttpHeaders.AUTHORIZATION, bearer(token))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("displayName", "Renamed"))
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.displayName").isEqualTo("Renamed");
    ProfileChanged renamed = (ProfileChanged) awaitUserEvent(before, userId, e -> e.getPayload() instanceof ProfileChanged)
        .getPayload();
    assertThat(renamed.getDisplayName()).isEqualTo("Renamed");
    assertThat(renamed.getEmail()).isNull();
    assertThat(renamed.getShopIds()).isNull();

    String newEmail = unique("moved") + "@example.com";
    web.patch().uri("/v1/users/me").header(HttpHeaders.AUTHORIZATION, bearer(token))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", newEmail))
        .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("currentPassword");
    web.patch().uri("/v1/users/me").header(HttpHeaders.AUTHORIZATION, bearer(token))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", newEmail, "currentPassword", "wrong password"))
        .exchange().expectStatus().isForbidden();
    web.patch().uri("/v1/users/me").header(HttpHeaders.AUTHORIZATION, bearer(token))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("email", newEmail, "currentPassword", "correct horse battery"))
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.email").isEqualTo(newEmail);
    awaitUserEvent(before, userId, e -> e.getPayload() instanceof ProfileChanged p && newEmail.equals(p.getEmail()));

    signIn(newEmail);
    web.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("email", email, "password", "correct horse battery"))
        .exchange().expectStatus().isUnauthorized();
  }

  @Test
  @SuppressWarnings("unchecked")
  void claimingAnotherShopPublishesProfileChangedWithTheFullShopList() {
    Map<Integer, Long> before = kafka.endOffsets(Topics.USERS.name());
    String email = unique("claim") + "@example.com";
    String first = unique("shop-1");
    String second = unique("shop-2");
    String userId = (String) register(email, "merchant", List.of(first)).get("userId");

    Map<String, Object> account = web.post().uri("/v1/users/me/shops").header(HttpHeaders.AUTHORIZATION, bearer(signIn(email)))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("shopId", second))
        .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
    assertThat(account).containsEntry("shopIds", List.of(first, second));

    long deadline = System.nanoTime() + WAIT.toNanos();
    List<ProfileChanged> changes;
    do {
      assertThat(System.nanoTime()).as("ProfileChanged with the shop list of %s", userId).isLessThan(deadline);
      changes = kafka.readValuesAfter(Topics.USERS, before, 1, WAIT).stream()
          .filter(e -> userId.equals(e.getUserId()) && e.getPayload() instanceof ProfileChanged)
          .map(e -> (ProfileChanged) e.getPayload())
          .toList();
    } while (changes.isEmpty());
    assertThat(changes).singleElement().satisfies(p -> {
      assertThat(p.getShopIds()).containsExactly(first, second);
      assertThat(p.getEmail()).isNull();
      assertThat(p.getDisplayName()).isNull();
    });
    awaitDocument(userId, AccountsIntegrationTest::outboxEmpty);
  }

  @Test
  void deletionScrubsTheAccountPublishesUserDeletedAndFreesTheEmail() {
    Map<Integer, Long> before = kafka.endOffsets(Topics.USERS.name());
    String email = unique("gone") + "@example.com";
    String userId = (String) register(email, "customer", null).get("userId");
    String token = signIn(email);

    web.delete().uri("/v1/users/me").header(HttpHeaders.AUTHORIZATION, bearer(token))
        .exchange().expectStatus().isNoContent();

    awaitUserEvent(before, userId, e -> e.getPayload() instanceof UserDeleted);
    awaitDocument(userId, Optional::isEmpty); // the tombstone goes once its event is out
    web.get().uri("/v1/users/me").header(HttpHeaders.AUTHORIZATION, bearer(token))
        .exchange().expectStatus().isUnauthorized();
    register(email, "customer", null);
  }

  @Test
  void theRelayRecoversEntriesLeftBehindByACrash() {
    Map<Integer, Long> before = kafka.endOffsets(Topics.USERS.name());
    String userId = UUID.randomUUID().toString();
    Instant longAgo = Instant.now().minus(Duration.ofMinutes(1));
    Account account = new Account(userId, unique("crash") + "@example.com", "Crashed", io.herald.auth.Role.CUSTOMER,
        List.of(), "not-a-real-hash", longAgo);
    OutboxEntry pending = UserEvents.registered(account, longAgo);
    // As if the service died right after the insert, before its relay ran: nobody nudges this one.
    Mono.from(database.getCollection(AccountStore.COLLECTION).insertOne(new Document("_id", userId)
        .append("email", account.email()).append("email_key", account.email())
        .append("display_name", "Crashed").append("role", "customer").append("shop_ids", List.of())
        .append("password_hash", "not-a-real-hash").append("created_at", java.util.Date.from(longAgo))
        .append(OutboxEntry.FIELD, List.of(pending.toDocument())))).block(WAIT);

    UserEvent event = awaitUserEvent(before, userId, e -> e.getEventId().equals(pending.eventId()));
    assertThat(event.getPayload()).isInstanceOf(UserRegistered.class);
    awaitDocument(userId, AccountsIntegrationTest::outboxEmpty);
  }

  @Test
  void theSweepFinishesATombstoneWhoseDeletionWasInterrupted() {
    String userId = UUID.randomUUID().toString();
    // As if the service died after publishing UserDeleted and pulling it, before deleting the tombstone.
    Mono.from(database.getCollection(AccountStore.COLLECTION).insertOne(new Document("_id", userId)
        .append("tombstone", true).append("role", "customer").append("shop_ids", List.of())
        .append("created_at", new java.util.Date()).append(OutboxEntry.FIELD, List.of()))).block(WAIT);
    awaitDocument(userId, Optional::isEmpty);
  }

  @Test
  @SuppressWarnings("unchecked")
  void jwksPublishesOnlyThePublicKey() {
    Map<String, Object> jwks = web.get().uri("/.well-known/jwks.json").exchange().expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody();
    List<Map<String, Object>> keys = (List<Map<String, Object>>) jwks.get("keys");
    assertThat(keys).hasSize(1);
    assertThat(keys.get(0)).containsEntry("kty", "RSA").containsKeys("kid", "n", "e").doesNotContainKeys("d", "p", "q");
  }

  @Test
  @SuppressWarnings("unchecked")
  void ticketsAreScopedToOwnShopsOrTheWebSocket() {
    String shop = unique("A");
    String merchant = newMerchant(shop);
    Map<String, Object> ticket = web.post().uri("/v1/tickets").header(HttpHeaders.AUTHORIZATION, bearer(merchant))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scope", Ticket.shopScope(shop)))
        .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
    assertThat(ticket).containsEntry("scope", "shop:" + shop).containsKey("expiresAt");
    Ticket verified = verifier.verifyTicket((String) ticket.get("ticket"), "shop:" + shop).block(WAIT);
    assertThat(verified.principal().ownsShop(shop)).isTrue();

    web.post().uri("/v1/tickets").header(HttpHeaders.AUTHORIZATION, bearer(merchant))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scope", "shop:" + unique("other")))
        .exchange().expectStatus().isForbidden();
    String customer = newCustomer();
    web.post().uri("/v1/tickets").header(HttpHeaders.AUTHORIZATION, bearer(customer))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scope", "ws"))
        .exchange().expectStatus().isCreated();
    web.post().uri("/v1/tickets").header(HttpHeaders.AUTHORIZATION, bearer(customer))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scope", "admin"))
        .exchange().expectStatus().isBadRequest();
    web.post().uri("/v1/tickets").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scope", "ws"))
        .exchange().expectStatus().isUnauthorized();
  }

  @Test
  void healthPrometheusCorsAndProblemsForUnknownRoutes() {
    // deny by default: a route nobody opened is refused before anything could answer 404
    web.get().uri("/v1/nothing-here").exchange().expectStatus().isUnauthorized()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    web.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
    web.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
        .expectBody(String.class).value(text -> assertThat(text).contains("kafka_producer"));
    web.options().uri("/v1/users")
        .header(HttpHeaders.ORIGIN, "http://localhost:8082")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type,idempotency-key")
        .exchange().expectStatus().isOk()
        .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:8082");
    web.options().uri("/v1/users")
        .header(HttpHeaders.ORIGIN, "https://evil.example")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .exchange().expectStatus().isForbidden();
  }
}
