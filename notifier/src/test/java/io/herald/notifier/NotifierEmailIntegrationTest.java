package io.herald.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.herald.events.Delivery;
import io.herald.events.NotificationChannel;
import io.herald.events.NotificationItem;
import io.herald.events.NotificationRequest;
import io.herald.events.PresenceState;
import io.herald.events.PresenceStatus;
import io.herald.events.Receipt;
import io.herald.events.ReceiptKind;
import io.herald.events.UserEvent;
import io.herald.events.UserRegistered;
import io.herald.events.UserRole;
import io.herald.processors.ProcessorsApplication;
import io.herald.schemas.notifications.UnsubscribeTokens;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.HeraldInfra;
import io.herald.testkit.KafkaProbe;
import io.herald.testkit.WithHeraldInfra;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import io.herald.auth.web.AccessProbe;
import io.herald.auth.web.AccessRule;
import io.herald.auth.web.RouteInventory;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * E-mail digests end to end on the real broker: the processors' notifications topology decides,
 * the notifier sends through GreenMail (a real SMTP server, in process).
 */
@WithHeraldInfra
class NotifierEmailIntegrationTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  static final String SECRET = "email-it-secret-email-it-secret-0123456789";
  private static final KafkaProbe kafka = KafkaProbe.infra();
  private static ConfigurableApplicationContext processors;
  private static ConfigurableApplicationContext notifier;
  private static GreenMail smtp;
  private static int smtpPort;

  @BeforeAll
  static void start() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      smtpPort = s.getLocalPort();
    }
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    processors = ProcessorsApplication.builderWithOnly("notifications").properties(
            "spring.kafka.bootstrap-servers=" + HeraldInfra.kafkaBootstrapServers(),
            "herald.topics.partitions=" + HeraldInfra.partitions(),
            "herald.processors.state-dir=" + System.getProperty("java.io.tmpdir") + "/streams-" + UUID.randomUUID(),
            "herald.processors.notifications.application-id=notifications-email-it-" + UUID.randomUUID(),
            "herald.processors.notifications.push-window=1s",
            "herald.processors.notifications.digest-delay=3s",
            "herald.processors.notifications.digest-coalesce=2s",
            "herald.processors.notifications.sweep-interval=200ms",
            "server.port=0")
        .run();
    notifier = TestNotifier.start("notifier-email-it",
        "herald.notifier.initial-backoff=200ms",
        "herald.notifier.max-backoff=1s",
        "herald.notifier.max-attempts=40",
        "herald.notifier.unsubscribe-secret=" + SECRET,
        "herald.notifier.unsubscribe-base-url=http://ingest.example",
        "spring.mail.host=127.0.0.1",
        "spring.mail.port=" + smtpPort,
        "spring.mail.properties.mail.smtp.connectiontimeout=2000",
        "spring.mail.properties.mail.smtp.timeout=2000");
  }

  @AfterAll
  static void stop() {
    if (notifier != null) {
      notifier.close();
    }
    if (processors != null) {
      processors.close();
    }
    if (smtp != null) {
      smtp.stop();
    }
  }

  /** The notifier's HTTP port: health and metrics for anyone, every other route (listed from its mappings) denied. */
  @Test
  void onlyHealthAndMetricsAreOpen() {
    var probe = new AccessProbe(
        notifier.getBean(WebFilterChainProxy.class), "no-token", "no-token",
        path -> Optional.empty());
    Map<String, AccessRule> expected = Map.of(
        "GET /actuator/health", AccessRule.ANONYMOUS,
        "GET /actuator/health/{*path}", AccessRule.ANONYMOUS,
        "GET /actuator/prometheus", AccessRule.ANONYMOUS,
        "GET /actuator", AccessRule.DENIED,
        "GET /**", AccessRule.DENIED,
        "GET /webjars/**", AccessRule.DENIED);
    Set<RouteInventory.Route> routes = RouteInventory.of(notifier);
    assertThat(routes).extracting(RouteInventory.Route::key).allMatch(expected::containsKey);
    routes.add(new RouteInventory.Route(HttpMethod.POST, "/v1/notifications/unsubscribe"));
    routes.forEach(r -> assertThat(probe.status(r, r.samplePath(), h -> { })).as(r.key())
        .isEqualTo(expected.get(r.key()) == AccessRule.ANONYMOUS
            ? HttpStatus.OK : HttpStatus.UNAUTHORIZED));
  }

  private static String user(String name, PresenceStatus status) {
    String id = name + "-" + UUID.randomUUID();
    kafka.send(Topics.USERS, id, UserEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now()).setUserId(id)
        .setPayload(new UserRegistered(id + "@example.com", name, UserRole.CUSTOMER, List.of())).build());
    kafka.send(Topics.PRESENCE_STATE, id, new PresenceState(UUID.randomUUID(), Instant.now(), id, status, List.of(), Instant.now()));
    return id;
  }

  private static void deliver(String conversation, long seq, String sender, String recipient) {
    kafka.send(Topics.INBOX, recipient, Delivery.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
        .setRecipientId(recipient).setConversationId(conversation).setSeq(seq).setMessageId("m" + seq).setClientMsgId("c" + seq)
        .setSenderId(sender).setBody("message " + seq + " <b>not bold</b>").setSentAt(Instant.now()).build());
  }

  private static List<MimeMessage> mailTo(String userId) {
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
      try {
        return m.getRecipients(Message.RecipientType.TO)[0].toString().equals(userId + "@example.com");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  private static double counter(String outcome) {
    var c = notifier.getBean(MeterRegistry.class).find("herald.notifier.requests").tag("outcome", outcome).tag("channel", "email")
        .counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void anOfflineUserGetsExactlyOneDigestForABurstAnOnlineOneAndOneWhoReadElsewhereGetNone() throws Exception {
    String ann = user("Ann", PresenceStatus.ONLINE);
    String dee = user("Dee", PresenceStatus.OFFLINE);
    String olo = user("Olo", PresenceStatus.ONLINE);
    String rae = user("Rae", PresenceStatus.OFFLINE);
    await().pollDelay(Duration.ofSeconds(2)).atMost(TIMEOUT).until(() -> true); // profiles first (separate topics)
    String c1 = "c1-" + UUID.randomUUID();
    String c2 = "c2-" + UUID.randomUUID();
    for (int i = 1; i <= 5; i++) {
      deliver(c1, i, ann, dee);
      deliver(c2, i, ann, dee);
      deliver(c1, i, ann, olo);
    }
    String c3 = "c3-" + UUID.randomUUID();
    deliver(c3, 1, ann, rae);
    deliver(c3, 2, ann, rae);
    kafka.send(Topics.RECEIPTS, c3, new Receipt(UUID.randomUUID(), Instant.now(), c3, rae, "tablet", ReceiptKind.READ, 2L));

    await().atMost(TIMEOUT).until(() -> mailTo(dee).size() >= 1);
    await().pollDelay(Duration.ofSeconds(6)).atMost(TIMEOUT).until(() -> true); // past every digest's due time
    assertThat(mailTo(dee)).hasSize(1);
    assertThat(mailTo(olo)).isEmpty();
    assertThat(mailTo(rae)).isEmpty();

    MimeMessage digest = mailTo(dee).get(0);
    assertThat(digest.getSubject()).isEqualTo("10 new messages in 2 conversations on Herald");
    String link = "http://ingest.example/v1/notifications/unsubscribe?token=" + new UnsubscribeTokens(SECRET).sign(dee);
    assertThat(digest.getHeader("List-Unsubscribe")[0]).isEqualTo("<" + link + ">");
    assertThat(digest.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
    String raw = new String(digest.getRawInputStream().readAllBytes());
    assertThat(com.icegreen.greenmail.util.GreenMailUtil.getWholeMessage(digest))
        .contains("text/plain").contains("text/html").contains("&lt;b&gt;not bold&lt;/b&gt;");
    assertThat(raw).isNotEmpty();
  }

  @Test
  void whileSmtpIsDownTheDigestIsRetriedThenDeliveredOnce() {
    String zed = "zed-" + UUID.randomUUID();
    NotificationRequest request = NotificationRequest.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
        .setUserId(zed).setConversationId("c").setMessageId("m1").setSeq(1).setSenderId("ann").setPreview("hi")
        .setChannel(NotificationChannel.EMAIL).setMessageCount(1).setEmail(zed + "@example.com")
        .setItems(List.of(new NotificationItem("c", 1, 1L, List.of("Ann"), List.of("hi")))).build();
    double retriedBefore = counter("retried");
    smtp.stop();
    try {
      kafka.send(Topics.NOTIFICATION_REQUESTS, zed, request);
      kafka.send(Topics.NOTIFICATION_REQUESTS, zed, request); // a re-emitted copy: same request id
      await().atMost(TIMEOUT).until(() -> counter("retried") >= retriedBefore + 2);
    } finally {
      smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      smtp.start();
    }
    await().atMost(TIMEOUT).until(() -> mailTo(zed).size() >= 1);
    await().pollDelay(Duration.ofSeconds(3)).atMost(TIMEOUT).until(() -> true);
    assertThat(mailTo(zed)).hasSize(1);
  }
}
