package io.herald.processors.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.events.Delivery;
import io.herald.events.DeviceTokenAdded;
import io.herald.events.NotificationChannel;
import io.herald.events.NotificationRequest;
import io.herald.events.PresenceState;
import io.herald.events.PresenceStatus;
import io.herald.events.UserEvent;
import io.herald.events.UserRegistered;
import io.herald.events.UserRole;
import io.herald.processors.TestProcessors;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.KafkaProbe;
import io.herald.testkit.WithHeraldInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The notifications topology in the processors service against the real broker: repartitions, stores and punctuator together. */
@WithHeraldInfra
class NotificationTopologyOnBrokerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final KafkaProbe kafka = KafkaProbe.infra();
  private static ConfigurableApplicationContext app;

  @BeforeAll
  static void startService() {
    app = TestProcessors.start(List.of("notifications"),
        // wide enough that the burst below lands in one window even on a loaded 2-core machine
        "herald.processors.notifications.push-window=5s",
        "herald.processors.notifications.digest-delay=7s",
        "herald.processors.notifications.digest-coalesce=1s",
        "herald.processors.notifications.sweep-interval=200ms");
  }

  @AfterAll
  static void stopService() {
    if (app != null) {
      app.close();
    }
  }

  private static void user(String userId, Object payload) {
    kafka.send(Topics.USERS, userId, UserEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
        .setUserId(userId).setPayload(payload).build());
  }

  private static void deliver(String conversation, long seq, String sender, String recipient) {
    kafka.send(Topics.INBOX, recipient, Delivery.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
        .setRecipientId(recipient).setConversationId(conversation).setSeq(seq).setMessageId("m" + seq).setClientMsgId("c" + seq)
        .setSenderId(sender).setBody("message " + seq).setSentAt(Instant.now()).build());
  }

  private static void presence(String userId, PresenceStatus status) {
    kafka.send(Topics.PRESENCE_STATE, userId, new PresenceState(UUID.randomUUID(), Instant.now(), userId, status, List.of(),
        Instant.now()));
  }

  @Test
  void anOfflineUserGetsOnePushPerConversationAndOneDigestAnOnlineUserNothing() {
    String ann = "ann-" + UUID.randomUUID();
    String bob = "bob-" + UUID.randomUUID();
    String cy = "cy-" + UUID.randomUUID();
    Map<Integer, Long> before = kafka.endOffsets(Topics.NOTIFICATION_REQUESTS.name());
    user(ann, new UserRegistered("ann@example.com", "Ann", UserRole.CUSTOMER, List.of()));
    user(bob, new UserRegistered("bob@example.com", "Bob", UserRole.CUSTOMER, List.of()));
    user(bob, new DeviceTokenAdded("d1", "tok-1", "android", null));
    user(cy, new UserRegistered("cy@example.com", "Cy", UserRole.CUSTOMER, List.of()));
    user(cy, new DeviceTokenAdded("d2", "tok-2", "ios", null));
    presence(bob, PresenceStatus.OFFLINE);
    presence(cy, PresenceStatus.ONLINE);
    // the profiles must be in place before the deliveries are judged (they travel different topics)
    await().pollDelay(Duration.ofSeconds(2)).atMost(TIMEOUT).until(() -> true);
    for (int i = 1; i <= 5; i++) {
      deliver("c1", i, ann, bob);
      deliver("c2", i, ann, bob);
      deliver("c3", i, ann, cy);
    }

    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
        kafka.readValuesAfter(Topics.NOTIFICATION_REQUESTS, before, 1, Duration.ofSeconds(2)))
        .anyMatch(r -> r.getUserId().equals(bob) && r.getChannel() == NotificationChannel.EMAIL));
    // a little longer, to see that nothing else comes
    await().pollDelay(Duration.ofSeconds(3)).atMost(TIMEOUT).until(() -> true);
    List<NotificationRequest> out;
    out = kafka.readValuesAfter(Topics.NOTIFICATION_REQUESTS, before, 3, Duration.ofSeconds(5)).stream()
        .filter(r -> r.getUserId().equals(bob) || r.getUserId().equals(cy)).toList();

    assertThat(out).allSatisfy(r -> assertThat(r.getUserId()).isEqualTo(bob));
    List<NotificationRequest> pushes = out.stream().filter(r -> r.getChannel() == NotificationChannel.PUSH).toList();
    assertThat(pushes).extracting(NotificationRequest::getConversationId).containsExactlyInAnyOrder("c1", "c2");
    assertThat(pushes).allSatisfy(r -> {
      assertThat(r.getMessageCount()).isEqualTo(5);
      assertThat(r.getSenderName()).isEqualTo("Ann");
    });
    assertThat(out.stream().filter(r -> r.getChannel() == NotificationChannel.EMAIL)).singleElement()
        .satisfies(r -> assertThat(r.getItems()).hasSize(2));
  }
}
