package io.herald.ingest.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.auth.TokenVerifier;
import io.herald.events.DeviceTokenAdded;
import io.herald.events.DeviceTokenRemoved;
import io.herald.events.ProfileChanged;
import io.herald.events.UserEvent;
import io.herald.ingest.IngestIntegrationTest;
import io.herald.schemas.notifications.UnsubscribeTokens;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.KafkaProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.BodyInserters;

/** Devices, notification settings and the unsubscribe link against the real broker and Mongo-wire server. */
@TestPropertySource(properties = {
    "herald.ingest.devices.max-devices-per-user=2",
    "herald.ingest.devices.unsubscribe-secret=" + DevicesIntegrationTest.SECRET})
class DevicesIntegrationTest extends IngestIntegrationTest {

  static final String SECRET = "devices-it-secret-devices-it-secret-0123456789";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final KafkaProbe kafka = KafkaProbe.infra();

  @Autowired
  private TokenVerifier verifier;

  private String userIdOf(String token) {
    return verifier.verifyAccessToken(token).block(WAIT).userId();
  }

  private List<UserEvent> eventsOf(Map<Integer, Long> before, String userId, int atLeast) {
    return await().atMost(WAIT).until(() -> kafka.readValuesAfter(Topics.USERS, before, 1, Duration.ofSeconds(2)).stream()
        .filter(e -> userId.equals(e.getUserId())).toList(), l -> l.size() >= atLeast);
  }

  private void addDevice(String token, String push, String platform) {
    web.post().uri("/v1/users/me/devices").header(HttpHeaders.AUTHORIZATION, bearer(token))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("token", push, "platform", platform, "locale", "fr-FR"))
        .exchange().expectStatus().isCreated();
  }

  @Test
  void registeringBeyondTheCapDropsTheOldestAndPublishesEachChange() {
    Map<Integer, Long> before = kafka.endOffsets(Topics.USERS.name());
    String token = newCustomer();
    String userId = userIdOf(token);
    addDevice(token, "tok-a", "android");
    addDevice(token, "tok-b", "ios");
    addDevice(token, "tok-c", "web");
    web.get().uri("/v1/users/me/devices").header(HttpHeaders.AUTHORIZATION, bearer(token)).exchange()
        .expectStatus().isOk().expectBody().jsonPath("$.devices[*].token").isEqualTo(List.of("tok-b", "tok-c"));
    web.delete().uri("/v1/users/me/devices/tok-b").header(HttpHeaders.AUTHORIZATION, bearer(token)).exchange()
        .expectStatus().isNoContent();
    web.delete().uri("/v1/users/me/devices/tok-b").header(HttpHeaders.AUTHORIZATION, bearer(token)).exchange()
        .expectStatus().isNoContent();

    List<Object> payloads = eventsOf(before, userId, 6).stream().map(UserEvent::getPayload)
        .filter(p -> p instanceof DeviceTokenAdded || p instanceof DeviceTokenRemoved).toList();
    assertThat(payloads).hasSize(5);
    assertThat(payloads.get(0)).isInstanceOfSatisfying(DeviceTokenAdded.class, a -> {
      assertThat(a.getToken()).isEqualTo("tok-a");
      assertThat(a.getPlatform()).isEqualTo("android");
      assertThat(a.getLocale()).isEqualTo("fr-FR");
      assertThat(a.getDeviceId()).isEqualTo(DeviceEvents.deviceId("tok-a"));
    });
    assertThat(payloads.get(2)).isEqualTo(new DeviceTokenRemoved(DeviceEvents.deviceId("tok-a")));
    assertThat(payloads.get(3)).isInstanceOfSatisfying(DeviceTokenAdded.class, a -> assertThat(a.getToken()).isEqualTo("tok-c"));
    assertThat(payloads.get(4)).isEqualTo(new DeviceTokenRemoved(DeviceEvents.deviceId("tok-b")));
  }

  @Test
  void settingsAreReplacedWholeAndPublishedAsASnapshot() {
    Map<Integer, Long> before = kafka.endOffsets(Topics.USERS.name());
    String token = newCustomer();
    String userId = userIdOf(token);
    web.get().uri("/v1/users/me/notification-settings").header(HttpHeaders.AUTHORIZATION, bearer(token)).exchange()
        .expectStatus().isOk().expectBody().jsonPath("$.pushEnabled").isEqualTo(true).jsonPath("$.emailDigestEnabled").isEqualTo(true);
    web.put().uri("/v1/users/me/notification-settings").header(HttpHeaders.AUTHORIZATION, bearer(token))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("pushEnabled", false,
            "quietHours", Map.of("start", "22:30", "end", "07:00", "timeZone", "Europe/Paris"),
            "mutedConversations", List.of("c-1")))
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.quietHours.timeZone").isEqualTo("Europe/Paris");

    ProfileChanged changed = eventsOf(before, userId, 2).stream().map(UserEvent::getPayload)
        .filter(ProfileChanged.class::isInstance).map(ProfileChanged.class::cast).findFirst().orElseThrow();
    var s = changed.getNotificationSettings();
    assertThat(s.getPushEnabled()).isFalse();
    assertThat(s.getEmailDigestEnabled()).isTrue();
    assertThat(s.getQuietHours().getStartMinute()).isEqualTo(22 * 60 + 30);
    assertThat(s.getQuietHours().getEndMinute()).isEqualTo(7 * 60);
    assertThat(s.getMutedConversations()).containsExactly("c-1");
    assertThat(changed.getDisplayName()).isNull();
  }

  @Test
  void badInputIs400ProblemJsonAndAnonymousIs401() {
    String token = newCustomer();
    web.post().uri("/v1/users/me/devices").header(HttpHeaders.AUTHORIZATION, bearer(token))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("token", "has space", "platform", "symbian"))
        .exchange().expectStatus().isBadRequest().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.errors.length()").isEqualTo(2);
    web.put().uri("/v1/users/me/notification-settings").header(HttpHeaders.AUTHORIZATION, bearer(token))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("quietHours", Map.of("start", "25:00", "end", "07:00", "timeZone", "Mars/Base")))
        .exchange().expectStatus().isBadRequest().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.errors.length()").isEqualTo(2);
    web.post().uri("/v1/users/me/devices").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("token", "tok", "platform", "web")).exchange().expectStatus().isUnauthorized();
    web.get().uri("/v1/users/me/notification-settings").header(HttpHeaders.AUTHORIZATION, bearer("forged.token.value"))
        .exchange().expectStatus().isUnauthorized();
  }

  @Test
  void theSignedLinkTurnsTheDigestOffAndAForgedOneIsRefused() {
    Map<Integer, Long> before = kafka.endOffsets(Topics.USERS.name());
    String token = newCustomer();
    String userId = userIdOf(token);
    String link = new UnsubscribeTokens(SECRET).sign(userId);
    String forged = new UnsubscribeTokens(SECRET + "-other").sign(userId);

    web.get().uri(b -> b.path("/v1/notifications/unsubscribe").queryParam("token", link).build()).exchange()
        .expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
    web.get().uri("/v1/users/me/notification-settings").header(HttpHeaders.AUTHORIZATION, bearer(token)).exchange()
        .expectBody().jsonPath("$.emailDigestEnabled").isEqualTo(true);
    web.post().uri("/v1/notifications/unsubscribe").body(BodyInserters.fromFormData("token", forged)).exchange()
        .expectStatus().isForbidden().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    web.post().uri("/v1/notifications/unsubscribe").body(BodyInserters.fromFormData("token", link)).exchange()
        .expectStatus().isOk();

    web.get().uri("/v1/users/me/notification-settings").header(HttpHeaders.AUTHORIZATION, bearer(token)).exchange()
        .expectBody().jsonPath("$.emailDigestEnabled").isEqualTo(false);
    ProfileChanged changed = eventsOf(before, userId, 2).stream().map(UserEvent::getPayload)
        .filter(ProfileChanged.class::isInstance).map(ProfileChanged.class::cast).findFirst().orElseThrow();
    assertThat(changed.getNotificationSettings().getEmailDigestEnabled()).isFalse();
    assertThat(changed.getNotificationSettings().getPushEnabled()).isTrue();
  }
}
