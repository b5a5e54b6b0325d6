package io.herald.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.events.DeviceTokenRemoved;
import io.herald.events.NotificationChannel;
import io.herald.events.NotificationDevice;
import io.herald.events.NotificationRequest;
import io.herald.events.UserEvent;
import io.herald.schemas.dlq.DeadLetters;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.HeraldInfra;
import io.herald.testkit.KafkaProbe;
import io.herald.testkit.WithHeraldInfra;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Push through firebase-admin's own HTTP transport, pointed at a local server speaking FCM v1, with
 * the notifier consuming the real broker.
 */
@WithHeraldInfra
class NotifierPushIntegrationTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final KafkaProbe kafka = KafkaProbe.infra();
  private static final JsonMapper json = JsonMapper.builder().build();
  private static FakeFcmServer fcm;
  private static ConfigurableApplicationContext notifier;

  @BeforeAll
  static void start() throws Exception {
    fcm = new FakeFcmServer();
    notifier = TestNotifier.start("notifier-push-it",
        "herald.notifier.initial-backoff=100ms",
        "herald.notifier.max-backoff=200ms",
        "herald.notifier.max-attempts=2",
        "herald.notifier.fcm.project-id=demo-test",
        "herald.notifier.fcm.endpoint=" + fcm.url());
  }

  @AfterAll
  static void stop() {
    if (notifier != null) {
      notifier.close();
    }
    if (fcm != null) {
      fcm.close();
    }
  }

  private static NotificationRequest push(String userId, String conversation, String... tokens) {
    List<NotificationDevice> devices = java.util.Arrays.stream(tokens)
        .map(t -> new NotificationDevice("dev-" + t, t, "android", null)).toList();
    return NotificationRequest.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now()).setUserId(userId)
        .setConversationId(conversation).setMessageId("m3").setSeq(3).setSenderId("ann").setSenderName("Ann")
        .setPreview("see you at 8").setChannel(NotificationChannel.PUSH).setMessageCount(3).setBadge(5).setDevices(devices).build();
  }

  private static double counter(String name, String outcome) {
    var search = notifier.getBean(MeterRegistry.class).find(name);
    if (outcome != null) {
      search = search.tag("outcome", outcome).tag("channel", "push");
    }
    var c = search.counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aPushHasTheFcmV1ShapeWithACollapseKeyPerConversation() {
    String user = "u-" + UUID.randomUUID();
    String token = "tok-ok-" + UUID.randomUUID();
    kafka.send(Topics.NOTIFICATION_REQUESTS, user, push(user, "conv-1", token));
    await().atMost(TIMEOUT).until(() -> !fcm.to(token).isEmpty());
    FakeFcmServer.Received r = fcm.to(token).get(0);
    assertThat(r.path()).isEqualTo("/v1/projects/demo-test/messages:send");
    assertThat(r.authorization()).isEqualTo("Bearer local-endpoint");
    JsonNode message = json.readTree(r.body()).get("message");
    assertThat(message.get("token").asString()).isEqualTo(token);
    assertThat(message.at("/notification/title").asString()).isEqualTo("3 new messages from Ann");
    assertThat(message.at("/notification/body").asString()).isEqualTo("see you at 8");
    assertThat(message.at("/data/conversation_id").asString()).isEqualTo("conv-1");
    assertThat(message.at("/data/badge").asString()).isEqualTo("5");
    assertThat(message.at("/android/collapse_key").asString()).isEqualTo("c-conv-1");
    assertThat(message.at("/android/notification/tag").asString()).isEqualTo("c-conv-1");
    assertThat(message.at("/apns/headers/apns-collapse-id").asString()).isEqualTo("c-conv-1");
    assertThat(message.at("/apns/payload/aps/badge").asInt()).isEqualTo(5);
  }

  @Test
  void anUnregisteredTokenIsRemovedFromTheUserAndTheOtherDevicesStillGetIt() {
    String user = "u-" + UUID.randomUUID();
    String dead = "tok-dead-" + UUID.randomUUID();
    String ok = "tok-ok-" + UUID.randomUUID();
    fcm.script(dead, 404);
    Map<Integer, Long> before = kafka.endOffsets(Topics.USERS.name());
    double prunedBefore = counter("herald.notifier.tokens.pruned", null);
    kafka.send(Topics.NOTIFICATION_REQUESTS, user, push(user, "conv-2", dead, ok));
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(kafka.readValuesAfter(Topics.USERS, before, 1, Duration.ofSeconds(2)))
        .filteredOn(e -> e.getUserId().equals(user)).extracting(UserEvent::getPayload)
        .containsExactly(new DeviceTokenRemoved("dev-" + dead)));
    assertThat(fcm.to(dead)).hasSize(1);
    assertThat(fcm.to(ok)).hasSize(1);
    assertThat(counter("herald.notifier.tokens.pruned", null)).isEqualTo(prunedBefore + 1);
  }

  @Test
  void a503IsRetriedAndTheDeviceGetsItOnce() {
    String user = "u-" + UUID.randomUUID();
    String flaky = "tok-flaky-" + UUID.randomUUID();
    fcm.script(flaky, 503, 503, 200);
    kafka.send(Topics.NOTIFICATION_REQUESTS, user, push(user, "conv-3", flaky));
    await().atMost(TIMEOUT).until(() -> fcm.to(flaky).size() >= 3);
    await().pollDelay(Duration.ofSeconds(2)).atMost(TIMEOUT).until(() -> true);
    assertThat(fcm.to(flaky)).hasSize(3); // two 503s, then the one that went through; nothing after it
  }

  @Test
  void repeatedFailureEndsInTheDeadLetterTopicWithTheReason() {
    String user = "u-" + UUID.randomUUID();
    String down = "tok-down-" + UUID.randomUUID();
    fcm.script(down, 503);
    Map<Integer, Long> before = kafka.endOffsets(Topics.NOTIFICATION_REQUESTS.dlq());
    NotificationRequest request = push(user, "conv-4", down);
    kafka.send(Topics.NOTIFICATION_REQUESTS, user, request);
    var dead = await().atMost(TIMEOUT).ignoreExceptions()
        .until(() -> kafka.readAfter(Topics.NOTIFICATION_REQUESTS.dlq(), before, 1, Duration.ofSeconds(2)),
            l -> l.stream().anyMatch(r -> user.equals(new String(r.key(), StandardCharsets.UTF_8))));
    var record = dead.stream().filter(r -> user.equals(new String(r.key(), StandardCharsets.UTF_8))).findFirst().orElseThrow();
    String reason = new String(record.headers().lastHeader(DeadLetters.H_MESSAGE).value(), StandardCharsets.UTF_8);
    assertThat(reason).contains("gave up after 2 attempts");
    assertThat(Topics.NOTIFICATION_REQUESTS.valueSerde().deserializer().deserialize("t", record.value()).getEventId())
        .isEqualTo(request.getEventId());
    assertThat(counter("herald.notifier.requests", "dlq")).isGreaterThanOrEqualTo(1);
  }
}
