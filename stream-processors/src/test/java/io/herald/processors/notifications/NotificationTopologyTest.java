package io.herald.processors.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.events.NotificationChannel;
import io.herald.events.NotificationItem;
import io.herald.events.NotificationRequest;
import io.herald.events.QuietHours;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotificationTopologyTest {

  private final NotificationFixture f = new NotificationFixture();

  @AfterEach
  void close() {
    f.close();
  }

  /** Bob has a phone, no e-mail digest: only pushes are in play. */
  private void bobWithPhone() {
    f.registered("ann", "Ann", "ann@example.com");
    f.registered("bob", "Bob", "bob@example.com");
    f.device("bob", "tok-1");
    f.settings("bob", true, false, null, List.of());
    f.offline("bob");
  }

  @Test
  void aBurstInOneConversationIsOnePushAtTheEndOfTheWindow() {
    bobWithPhone();
    f.message("c1", "ann", "bob", "hi");
    f.message("c1", "ann", "bob", "are you there?");
    f.message("c1", "ann", "bob", "call me\nplease");
    f.elapse(Duration.ofSeconds(29));
    assertThat(f.requests()).isEmpty();
    f.elapse(Duration.ofSeconds(2));
    List<NotificationRequest> out = f.requests();
    assertThat(out).singleElement().satisfies(r -> {
      assertThat(r.getChannel()).isEqualTo(NotificationChannel.PUSH);
      assertThat(r.getUserId()).isEqualTo("bob");
      assertThat(r.getConversationId()).isEqualTo("c1");
      assertThat(r.getMessageCount()).isEqualTo(3);
      assertThat(r.getSenderName()).isEqualTo("Ann");
      assertThat(r.getPreview()).isEqualTo("call me please");
      assertThat(r.getBadge()).isEqualTo(3);
      assertThat(r.getSeq()).isEqualTo(3);
      assertThat(r.getDevices()).singleElement().satisfies(d -> assertThat(d.getToken()).isEqualTo("tok-1"));
    });
    f.elapse(Duration.ofMinutes(2));
    assertThat(f.requests()).isEmpty();
  }

  @Test
  void twoConversationsAreTwoPushesAndALaterMessageOpensANewWindow() {
    bobWithPhone();
    f.message("c1", "ann", "bob", "one");
    f.registered("cy", "Cy", "cy@example.com");
    f.message("c2", "cy", "bob", "two");
    f.elapse(Duration.ofSeconds(31));
    assertThat(f.requests()).extracting(NotificationRequest::getConversationId).containsExactlyInAnyOrder("c1", "c2");
    f.message("c1", "ann", "bob", "three");
    f.elapse(Duration.ofSeconds(31));
    assertThat(f.requests()).singleElement().satisfies(r -> {
      assertThat(r.getMessageCount()).isEqualTo(1);
      assertThat(r.getBadge()).isEqualTo(3);
    });
  }

  @Test
  void nothingForAnOnlineUserOwnMessagesOrMutedConversations() {
    bobWithPhone();
    f.settings("bob", true, false, null, List.of("muted"));
    f.message("muted", "ann", "bob", "shh");
    f.message("c1", "bob", "bob", "my own message, echoed to my other device");
    f.elapse(Duration.ofMinutes(1));
    assertThat(f.requests()).isEmpty();
    f.online("bob");
    f.message("c1", "ann", "bob", "you are online");
    f.elapse(Duration.ofMinutes(1));
    assertThat(f.requests()).isEmpty();
  }

  @Test
  void deliveriesToOnlineRecipientsStopAtTheGateBeforeAnyRepartition() {
    f.registered("ann", "Ann", "ann@example.com");
    f.registered("bob", "Bob", "bob@example.com");
    f.device("bob", "tok-1");
    f.online("bob");
    f.message("c1", "ann", "bob", "live");
    assertThat(f.producedTopics()).noneMatch(t -> t.contains("notification-by-sender"))
        .noneMatch(t -> t.contains("notification-by-recipient"));
    f.offline("bob");
    f.message("c1", "ann", "bob", "offline now");
    assertThat(f.producedTopics()).anyMatch(t -> t.contains("notification-by-sender"))
        .anyMatch(t -> t.contains("notification-by-recipient"));
    f.elapse(Duration.ofSeconds(31));
    assertThat(f.requests()).singleElement().satisfies(r -> {
      assertThat(r.getMessageCount()).isEqualTo(1);
      assertThat(r.getSenderName()).isEqualTo("Ann");
    });
  }

  @Test
  void comingOnlineOrReadingOnAnotherDeviceBeforeTheWindowClosesCancelsThePush() {
    bobWithPhone();
    long s = f.message("c1", "ann", "bob", "read me elsewhere");
    f.elapse(Duration.ofSeconds(10));
    f.read("c1", "bob", s);
    f.message("c2", "ann", "bob", "then online");
    f.elapse(Duration.ofSeconds(5));
    f.online("bob");
    f.elapse(Duration.ofMinutes(1));
    assertThat(f.requests()).isEmpty();
  }

  @Test
  void aReadThatOvertakesItsDeliveryStillCancelsIt() {
    bobWithPhone();
    f.read("c1", "bob", 2); // the receipt has fewer repartitions to cross than the deliveries
    f.message("c1", "ann", "bob", "one");
    f.message("c1", "ann", "bob", "two");
    f.elapse(Duration.ofMinutes(1));
    assertThat(f.requests()).isEmpty();
    f.message("c1", "ann", "bob", "three, unread");
    f.elapse(Duration.ofSeconds(31));
    assertThat(f.requests()).singleElement().satisfies(r -> assertThat(r.getMessageCount()).isEqualTo(1));
  }

  @Test
  void aPartialReadLeavesOnlyTheUnreadCounted() {
    bobWithPhone();
    f.message("c1", "ann", "bob", "one");
    long second = f.message("c1", "ann", "bob", "two");
    f.message("c1", "ann", "bob", "three");
    f.read("c1", "bob", second);
    f.elapse(Duration.ofSeconds(31));
    assertThat(f.requests()).singleElement().satisfies(r -> {
      assertThat(r.getMessageCount()).isEqualTo(1);
      assertThat(r.getPreview()).isEqualTo("three");
    });
  }

  @Test
  void quietHoursDeferThePushToTheirEnd() {
    bobWithPhone();
    // START is 12:00 UTC; quiet from 11:00 to 12:10 UTC
    f.settings("bob", true, false, new QuietHours(11 * 60, 12 * 60 + 10, "UTC"), List.of());
    f.message("c1", "ann", "bob", "at noon");
    f.elapse(Duration.ofMinutes(9));
    assertThat(f.requests()).isEmpty();
    f.elapse(Duration.ofMinutes(1).plusSeconds(2));
    assertThat(f.requests()).singleElement().satisfies(r -> {
      assertThat(r.getOccurredAt().atZone(ZoneOffset.UTC).getHour()).isEqualTo(12);
      assertThat(r.getOccurredAt().atZone(ZoneOffset.UTC).getMinute()).isEqualTo(10);
    });
  }

  @Test
  void anOfflineUserGetsOneDigestForABurstInTwoConversationsGroupedByConversation() {
    f.registered("ann", "Ann", "ann@example.com");
    f.registered("cy", "Cy", "cy@example.com");
    f.registered("dee", "Dee", "dee@example.com");
    f.offline("dee");
    for (int i = 0; i < 6; i++) {
      f.message("c1", "ann", "dee", "c1 message " + i);
    }
    for (int i = 0; i < 4; i++) {
      f.message("c2", i % 2 == 0 ? "cy" : "ann", "dee", "c2 message " + i);
    }
    f.elapse(Duration.ofMinutes(14));
    assertThat(f.requests()).as("no digest before the user has been offline for the delay").isEmpty();
    f.elapse(Duration.ofMinutes(1).plusSeconds(2));
    List<NotificationRequest> out = f.requests();
    assertThat(out).singleElement().satisfies(r -> {
      assertThat(r.getChannel()).isEqualTo(NotificationChannel.EMAIL);
      assertThat(r.getEmail()).isEqualTo("dee@example.com");
      assertThat(r.getMessageCount()).isEqualTo(10);
      assertThat(r.getItems()).extracting(NotificationItem::getConversationId, NotificationItem::getMessageCount)
          .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("c1", 6), org.assertj.core.groups.Tuple.tuple("c2", 4));
      NotificationItem c2 = r.getItems().stream().filter(i -> i.getConversationId().equals("c2")).findFirst().orElseThrow();
      assertThat(c2.getSenders()).containsExactly("Cy", "Ann");
      assertThat(c2.getPreviews()).containsExactly("c2 message 1", "c2 message 2", "c2 message 3");
    });
    f.elapse(Duration.ofMinutes(20));
    assertThat(f.requests()).isEmpty();
  }

  @Test
  void aDigestReadElsewhereOrForAnOptedOutUserIsNeverSent() {
    f.registered("ann", "Ann", "ann@example.com");
    f.registered("dee", "Dee", "dee@example.com");
    f.registered("eve", "Eve", "eve@example.com");
    f.settings("eve", true, false, null, List.of());
    f.offline("dee");
    f.offline("eve");
    long s = f.message("c1", "ann", "dee", "hello");
    f.message("c9", "ann", "eve", "hello");
    f.elapse(Duration.ofMinutes(10));
    f.read("c1", "dee", s);
    f.elapse(Duration.ofMinutes(30));
    assertThat(f.requests()).isEmpty();
  }

  @Test
  void requestIdsAreDeterministicSoAReplayedRequestIsRecognised() {
    bobWithPhone();
    f.message("c1", "ann", "bob", "x");
    f.elapse(Duration.ofSeconds(31));
    NotificationRequest first = f.requests().get(0);
    assertThat(first.getEventId()).isEqualTo(java.util.UUID.nameUUIDFromBytes("push|bob|c1|1".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}
