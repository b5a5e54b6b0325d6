package io.herald.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.events.NotificationItem;
import io.herald.events.NotificationRequest;
import io.herald.notifier.email.DigestEmail;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BackoffAndContentTest {

  @Test
  void backoffDoublesUpToTheCapAndJitterOnlyShortensIt() {
    Backoff none = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.5, () -> 0.0);
    assertThat(List.of(none.before(1), none.before(2), none.before(3), none.before(6), none.before(50)))
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(30),
            Duration.ofSeconds(30));
    Backoff most = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.5, () -> 1.0);
    assertThat(most.before(2)).isEqualTo(Duration.ofSeconds(1));
  }

  private static NotificationRequest request(int count) {
    return NotificationRequest.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(java.time.Instant.EPOCH).setUserId("u")
        .setConversationId("c").setMessageId("m").setSeq(1).setSenderId("ann").setSenderName("Ann").setPreview("secret plans")
        .setMessageCount(count).setDisplayName("Bob <script>")
        .setItems(List.of(new NotificationItem("c", count, 1L, List.of("Ann & Co"), List.of("<img src=x onerror=alert(1)>"))))
        .build();
  }

  @Test
  void previewModesRevealOnlyWhatTheyAllow() {
    NotificationRequest r = request(3);
    assertThat(new PushContent(NotifierSettings.PreviewMode.FULL).title(r)).isEqualTo("3 new messages from Ann");
    assertThat(new PushContent(NotifierSettings.PreviewMode.FULL).body(r)).isEqualTo("secret plans");
    assertThat(new PushContent(NotifierSettings.PreviewMode.SENDER).body(r)).isEqualTo("3 new messages");
    PushContent none = new PushContent(NotifierSettings.PreviewMode.NONE);
    assertThat(none.title(r) + none.body(r)).doesNotContain("Ann").doesNotContain("secret");
    assertThat(new PushContent(NotifierSettings.PreviewMode.FULL).title(request(1))).isEqualTo("Ann");
  }

  @Test
  void theHtmlDigestEscapesEverythingUsersWrote() {
    String html = DigestEmail.html(request(2), "http://app", "http://unsub?token=a&b");
    assertThat(html).doesNotContain("<script>").doesNotContain("<img").contains("&lt;img src=x onerror=alert(1)&gt;")
        .contains("Ann &amp; Co").contains("http://unsub?token=a&amp;b");
    assertThat(DigestEmail.text(request(2), "http://app", null)).contains("<img src=x").doesNotContain("Stop these e-mails");
  }
}
