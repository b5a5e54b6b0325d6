package io.herald.ingest.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.auth.FirebaseEmulator;
import io.herald.auth.FirebaseSignIn;
import io.herald.auth.InvalidTokenException;
import io.herald.auth.Ticket;
import io.herald.auth.TokenVerifier;
import io.herald.events.UserEvent;
import io.herald.events.UserRegistered;
import io.herald.ingest.IngestIntegrationTest;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.FirebaseAuthEmulator;
import io.herald.testkit.KafkaProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * Firebase sign-in against the real Auth emulator: a Firebase user is a Herald account (and a
 * {@code users} event) from its first request, gets tickets for the gateway, and a token of another
 * project is the documented 401.
 */
@TestPropertySource(properties = "herald.auth.firebase.project-id=" + FirebaseAccountsIntegrationTest.PROJECT)
class FirebaseAccountsIntegrationTest extends IngestIntegrationTest {

  static final String PROJECT = "demo-herald-ingest";
  private static final Duration WAIT = Duration.ofSeconds(30);
  @RegisterExtension
  static final FirebaseEmulator firebase = new FirebaseEmulator(PROJECT);

  @Autowired
  private TokenVerifier verifier;

  @Test
  void theFirstRequestMakesTheAccountAndAUsersEvent() {
    FirebaseAuthEmulator.User user = firebase.newUser("fb");
    String userId = FirebaseSignIn.heraldUserId(PROJECT, user.uid());
    Map<Integer, Long> before = KafkaProbe.infra().endOffsets(Topics.USERS.name());

    web.get().uri("/v1/users/me").header(HttpHeaders.AUTHORIZATION, bearer(user.idToken())).exchange()
        .expectStatus().isOk()
        .expectBody().jsonPath("$.userId").isEqualTo(userId).jsonPath("$.email").isEqualTo(user.email())
        .jsonPath("$.role").isEqualTo("customer");

    await().atMost(WAIT).untilAsserted(() -> {
      List<UserEvent> events = KafkaProbe.infra().readAfter(Topics.USERS, before, 1, Duration.ofSeconds(2)).stream()
          .filter(r -> userId.equals(r.key())).map(r -> r.value()).toList();
      assertThat(events).singleElement().satisfies(e -> assertThat(e.getPayload()).isInstanceOf(UserRegistered.class));
    });
    web.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("email", user.email(), "password", user.password())).exchange()
        .expectStatus().isUnauthorized(); // the address signs nobody in with a Herald password
  }

  @Test
  void aFirebaseSignedInRequestGetsAWebSocketTicketForTheSameUser() {
    FirebaseAuthEmulator.User user = firebase.newUser("fb");
    String ticket = (String) web.post().uri("/v1/tickets").contentType(MediaType.APPLICATION_JSON)
        .header(HttpHeaders.AUTHORIZATION, bearer(user.idToken())).bodyValue(Map.of("scope", Ticket.WEBSOCKET_SCOPE))
        .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("ticket");

    Ticket verified = verifier.verifyTicket(ticket, Ticket.WEBSOCKET_SCOPE).block(WAIT);
    assertThat(verified.principal().userId()).isEqualTo(FirebaseSignIn.heraldUserId(PROJECT, user.uid()));
  }

  @Test
  void aTokenOfAnotherProjectIsTheDocumented401() {
    FirebaseAuthEmulator.User user = firebase.newUser("fb");
    String foreign = FirebaseAuthEmulator.tamper(user.idToken(), "\"aud\":\"" + PROJECT + "\"", "\"aud\":\"demo-other\"");

    web.get().uri("/v1/users/me").header(HttpHeaders.AUTHORIZATION, bearer(foreign)).exchange()
        .expectStatus().isUnauthorized()
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, InvalidTokenException.CHALLENGE)
        .expectBody().jsonPath("$.type").isEqualTo(InvalidTokenException.PROBLEM_TYPE);
  }
}
