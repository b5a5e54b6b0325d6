package io.herald.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.events.NotificationChannel;
import io.herald.events.NotificationDevice;
import io.herald.events.NotificationRequest;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.HeraldInfra;
import io.herald.testkit.KafkaProbe;
import io.herald.testkit.ServiceProcess;
import io.herald.testkit.WithHeraldInfra;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The notifier SIGKILLed in the middle of a batch (offsets of the batch not committed), then
 * restarted: no request reaches FCM twice, and everything after the one in flight is sent.
 */
@WithHeraldInfra
class NotifierCrashTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final int REQUESTS = 20;
  private final KafkaProbe kafka = KafkaProbe.infra();

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void aNotifierKilledMidBatchSendsNoRequestTwice() throws Exception {
    String group = "notifier-crash-" + UUID.randomUUID();
    String database = "notifier-crash-" + UUID.randomUUID();
    String user = "u-" + UUID.randomUUID();
    List<String> tokens = new ArrayList<>();
    try (FakeFcmServer fcm = new FakeFcmServer()) {
      fcm.delay(Duration.ofMillis(400));
      List<String> args = List.of("--spring.kafka.bootstrap-servers=" + HeraldInfra.kafkaBootstrapServers(),
          "--herald.topics.partitions=" + HeraldInfra.partitions(), "--herald.notifier.group-id=" + group,
          "--herald.notifier.mongo-uri=" + HeraldInfra.mongoUri(), "--herald.notifier.database=" + database,
          "--herald.notifier.fcm.project-id=demo-test", "--herald.notifier.fcm.endpoint=" + fcm.url());
      // one key: one partition, so the whole batch is in one ordered queue
      for (int i = 0; i < REQUESTS; i++) {
        String token = "tok-" + i + "-" + UUID.randomUUID();
        tokens.add(token);
        kafka.send(Topics.NOTIFICATION_REQUESTS, user, NotificationRequest.newBuilder().setEventId(UUID.randomUUID())
            .setOccurredAt(Instant.now()).setUserId(user).setConversationId("c" + i).setMessageId("m").setSeq(i + 1)
            .setSenderId("ann").setPreview("p").setChannel(NotificationChannel.PUSH)
            .setDevices(List.of(new NotificationDevice("d" + i, token, "android", null))).build());
      }
      try (ServiceProcess first = ServiceProcess.start(NotifierApplication.class.getName(), freePort(), args)) {
        await().atMost(TIMEOUT).until(() -> tokens.stream().filter(t -> !fcm.to(t).isEmpty()).count() >= 5);
        first.kill();
      }
      long sentBeforeCrash = tokens.stream().filter(t -> !fcm.to(t).isEmpty()).count();
      assertThat(sentBeforeCrash).as("killed mid-batch").isLessThan(REQUESTS);

      try (ServiceProcess second = ServiceProcess.start(NotifierApplication.class.getName(), freePort(), args)) {
        // every request but at most the one in flight at the kill (claimed, maybe unsent) reaches FCM
        await().atMost(TIMEOUT).until(() -> tokens.stream().filter(t -> !fcm.to(t).isEmpty()).count() >= REQUESTS - 1);
        await().pollDelay(Duration.ofSeconds(3)).atMost(TIMEOUT).until(() -> true);
      }
      assertThat(tokens).allSatisfy(t -> assertThat(fcm.to(t)).as("sends to %s", t).hasSizeLessThanOrEqualTo(1));
    }
  }
}
