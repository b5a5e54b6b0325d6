package io.herald.processors.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.events.GatewayHeartbeat;
import io.herald.events.PresenceEvent;
import io.herald.events.PresenceKind;
import io.herald.events.PresenceState;
import io.herald.events.PresenceStatus;
import io.herald.processors.TestProcessors;
import io.herald.schemas.dlq.DeadLetters;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.HeraldInfra;
import io.herald.testkit.KafkaProbe;
import io.herald.testkit.WithHeraldInfra;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The presence topology in the real service on a real broker (exactly_once_v2, global store,
 * wall-clock sweep), with a 4 s gateway timeout so a dead gateway shows within the test.
 */
@WithHeraldInfra
class PresenceIntegrationTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration GATEWAY_TIMEOUT = Duration.ofSeconds(4);
  private static final Duration INTERVAL = Duration.ofMillis(500);
  private static final KafkaProbe kafka = KafkaProbe.infra();

  private static ConfigurableApplicationContext app;
  private static KafkaProducer<String, GatewayHeartbeat> beats;
  private static ScheduledExecutorService healthyGateways;

  @BeforeAll
  static void startService() {
    app = TestProcessors.start(List.of("presence", "notifications"),
        "herald.processors.presence.sweep-interval=250ms",
        "herald.processors.presence.gateway-timeout=" + GATEWAY_TIMEOUT.toMillis() + "ms");
    beats = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, HeraldInfra.kafkaBootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), Topics.GATEWAY_LIVENESS.valueSerde().serializer());
    healthyGateways = Executors.newSingleThreadScheduledExecutor();
    awaitProcessing();
  }

  /**
   * Waits until the topology processes events: the tests time gateway silence in seconds, and an
   * event that waits out the start-up rebalance would rightly be discarded as stale.
   */
  private static void awaitProcessing() {
    String user = "warm-up-" + UUID.randomUUID();
    Map<Integer, Long> before = kafka.endOffsets(Topics.PRESENCE_STATE.name());
    send(event(user, "s1", "none", keepBeating("gw-" + UUID.randomUUID()), PresenceKind.CONNECTED, now()));
    awaitStates(before, user, 1);
  }

  @AfterAll
  static void stopService() {
    if (healthyGateways != null) {
      healthyGateways.shutdownNow();
    }
    if (beats != null) {
      beats.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @Test
  void statusChangesOnlyWithTheFirstConnectAndTheLastDisconnect() {
    String gateway = keepBeating("gw-" + UUID.randomUUID());
    String user = "user-" + UUID.randomUUID();
    Map<Integer, Long> before = kafka.endOffsets(Topics.PRESENCE_STATE.name());

    send(event(user, "s1", "phone", gateway, PresenceKind.CONNECTED, now()));
    send(event(user, "s2", "laptop", gateway, PresenceKind.CONNECTED, now()));
    awaitStates(before, user, 1);
    send(event(user, "s1", "phone", gateway, PresenceKind.DISCONNECTED, now()));
    Instant lastLeft = now();
    send(event(user, "s2", "laptop", gateway, PresenceKind.DISCONNECTED, lastLeft));

    List<PresenceState> states = awaitStates(before, user, 2);
    assertThat(states).extracting(PresenceState::getStatus).containsExactly(PresenceStatus.ONLINE, PresenceStatus.OFFLINE);
    assertThat(states.get(0).getDevices()).containsExactly("phone");
    assertThat(states.get(1).getLastSeen()).isEqualTo(lastLeft);
  }

  @Test
  void usersOfAGatewayThatStopsBeatingGoOfflineAfterTheTimeoutOthersStayOnline() {
    String healthy = keepBeating("gw-" + UUID.randomUUID());
    String dying = "gw-" + UUID.randomUUID();
    String stranded = "user-" + UUID.randomUUID();
    String fine = "user-" + UUID.randomUUID();
    Map<Integer, Long> before = kafka.endOffsets(Topics.PRESENCE_STATE.name());

    send(event(stranded, "s1", "phone", dying, PresenceKind.CONNECTED, now()));
    send(event(fine, "s1", "phone", healthy, PresenceKind.CONNECTED, now()));
    Instant lastBeat = now();
    beat(dying, lastBeat); // and never again

    List<PresenceState> states = awaitStates(before, stranded, 2);
    assertThat(states).extracting(PresenceState::getStatus).containsExactly(PresenceStatus.ONLINE, PresenceStatus.OFFLINE);
    assertThat(states.get(1).getLastSeen()).isEqualTo(lastBeat);
    assertThat(Duration.between(lastBeat, states.get(1).getOccurredAt())).as("not before the timeout")
        .isGreaterThanOrEqualTo(GATEWAY_TIMEOUT);
    assertThat(awaitStates(before, fine, 1)).extracting(PresenceState::getStatus)
        .as("its gateway still beats").containsExactly(PresenceStatus.ONLINE);
  }

  @Test
  void poisonRecordGoesToTheDeadLetterTopic() {
    String user = "user-" + UUID.randomUUID();
    Map<Integer, Long> dlqBefore = kafka.endOffsets(Topics.PRESENCE.dlq());
    byte[] poison = "not a presence event".getBytes(StandardCharsets.UTF_8);

    kafka.sendRaw(Topics.PRESENCE.name(), user.getBytes(StandardCharsets.UTF_8), poison);

    assertThat(kafka.readAfter(Topics.PRESENCE.dlq(), dlqBefore, 1, TIMEOUT))
        .anySatisfy(r -> assertThat(r.value()).isEqualTo(poison));
  }

  @Test
  void anUnreadableHeartbeatGoesToItsDeadLetterTopicFromTheGlobalThreadAndPresenceCarriesOn() {
    String gateway = "gw-poison-" + UUID.randomUUID();
    Map<Integer, Long> dlqBefore = kafka.endOffsets(Topics.GATEWAY_LIVENESS.dlq());
    byte[] poison = "not a heartbeat".getBytes(StandardCharsets.UTF_8);

    kafka.sendRaw(Topics.GATEWAY_LIVENESS.name(), gateway.getBytes(StandardCharsets.UTF_8), poison);

    assertThat(kafka.readAfter(Topics.GATEWAY_LIVENESS.dlq(), dlqBefore, 1, TIMEOUT)).anySatisfy(r -> {
      assertThat(r.value()).isEqualTo(poison);
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(gateway);
      assertThat(new String(r.headers().lastHeader(DeadLetters.H_MESSAGE).value(), StandardCharsets.UTF_8)).isNotBlank();
    });
    String user = "user-" + UUID.randomUUID();
    Map<Integer, Long> before = kafka.endOffsets(Topics.PRESENCE_STATE.name());
    String fine = keepBeating("gw-after-poison-" + UUID.randomUUID());
    send(event(user, "s1", "phone", fine, PresenceKind.CONNECTED, now()));
    assertThat(awaitStates(before, user, 1)).extracting(PresenceState::getStatus).containsExactly(PresenceStatus.ONLINE);
  }

  /** Waits until the user has exactly {@code count} states after {@code from}; fails on more. */
  private static List<PresenceState> awaitStates(Map<Integer, Long> from, String user, int count) {
    List<?>[] mine = new List<?>[1];
    await().atMost(TIMEOUT).untilAsserted(() -> {
      List<PresenceState> states = kafka.readValuesAfter(Topics.PRESENCE_STATE, from, count, Duration.ofSeconds(2))
          .stream().filter(s -> s.getUserId().equals(user)).toList();
      assertThat(states).hasSizeLessThanOrEqualTo(count);
      assertThat(states).hasSize(count);
      mine[0] = states;
    });
    @SuppressWarnings("unchecked")
    List<PresenceState> states = (List<PresenceState>) mine[0];
    return states;
  }

  private static String keepBeating(String gateway) {
    healthyGateways.scheduleAtFixedRate(() -> beat(gateway, now()), 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    return gateway;
  }

  private static void beat(String gateway, Instant at) {
    beats.send(new ProducerRecord<>(Topics.GATEWAY_LIVENESS.name(), gateway, GatewayHeartbeat.newBuilder()
        .setEventId(UUID.randomUUID()).setOccurredAt(at).setGatewayId(gateway).setIntervalMs(INTERVAL.toMillis())
        .setSessionCount(1).build()));
    beats.flush();
  }

  private static void send(PresenceEvent event) {
    kafka.send(Topics.PRESENCE, event.getUserId(), event);
  }

  private static PresenceEvent event(String user, String session, String device, String gateway, PresenceKind kind,
                                     Instant at) {
    return PresenceFixture.event(user, session, device, gateway, kind, at);
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS); // what timestamp-millis keeps
  }
}
