package io.herald.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.auth.HeraldPrincipal;
import io.herald.auth.Role;
import io.herald.auth.VerifiedAccess;
import io.herald.gateway.auth.CredentialWatch;
import io.herald.testkit.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import io.herald.gateway.timers.ConnectionTimers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/** One connection's policies on an in-memory session: ordering of its first frames, overflow, idle. */
class ChatConnectionTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ConnectionRegistry registry = new ConnectionRegistry(8);
  private final FakeHistory history = new FakeHistory("alice", 100);
  private final ConnectionTimers timers = ConnectionTimers.start(Duration.ofMillis(20));
  private Disposable running;

  @AfterEach
  void stop() {
    timers.close();
    if (running != null) {
      running.dispose();
    }
  }

  private ChatConnections connections(int outboundBuffer, Duration heartbeat, Duration idle) {
    ChatProperties props = new ChatProperties(8, 100, DataSize.ofKilobytes(16), outboundBuffer, 20, 40, 10, 8,
        Duration.ofSeconds(10), heartbeat, idle, Duration.ofSeconds(5), 100, 0, Duration.ofMillis(1), Duration.ZERO,
        100, Duration.ofSeconds(1), Duration.ofSeconds(5), 100, 100, Duration.ofSeconds(30),
        Duration.ofSeconds(1), Duration.ofSeconds(3), 1000, 4);
    FrameWriter writer = new FrameWriter(JSON);
    return new ChatConnections(props, registry, null, history, new FrameParser(JSON, 100), writer,
        new ChatMetrics(meters), ChatObserver.NONE,
        new ChatCredentials(null, new CredentialWatch(null, null, Clock.systemUTC(), timers), writer, props.reauthGrace(),
            Clock.systemUTC()), timers);
  }

  /** Credentials that outlive the test: their end is {@code ChatCredentialsIntegrationTest}'s subject. */
  private static VerifiedAccess access(String userId) {
    return new VerifiedAccess(new HeraldPrincipal(userId, Role.CUSTOMER, Set.of()), Instant.now().plus(Duration.ofHours(1)),
        Optional.empty());
  }

  @Test
  void welcomeThenCatchUpAfterHelloThenTheLiveMessagesThatWaitedMeanwhile() {
    history.conversation("c", 2, 0).messages("c", 1, 2);
    FakeSession session = new FakeSession(Long.MAX_VALUE);
    running = connections(16, Duration.ofSeconds(30), Duration.ofSeconds(60)).serve(session, access("alice"), "phone", Schedulers.parallel()).subscribe();
    Await.until("registration", () -> registry.connectionsOf("alice") != null, WAIT);

    ChatConnection connection = registry.connectionsOf("alice")[0];
    connection.deliver(new LiveItem.Message("c", 2, "{\"dup\":2}"));      // also in the read model
    connection.deliver(new LiveItem.Message("c", 3, "{\"live\":3}"));
    assertThat(session.texts()).as("held while catch-up waits for hello").hasSize(1);
    session.clientSends("{\"type\":\"hello\",\"resume\":{\"c\":0}}");

    Await.until("welcome, two caught up, one live", () -> session.texts().size() == 4, WAIT);
    assertThat(session.texts().get(0)).isEqualTo("{\"type\":\"welcome\",\"userId\":\"alice\",\"deviceId\":\"phone\"}");
    assertThat(JSON.readTree(session.texts().get(1)).get("seq").asLong()).isEqualTo(1);
    assertThat(JSON.readTree(session.texts().get(2)).get("seq").asLong()).isEqualTo(2);
    assertThat(session.texts().get(3)).isEqualTo("{\"live\":3}");
  }

  @Test
  void aClientThatStopsReadingOverflowsItsBufferAndIsClosedWith1013() {
    FakeSession session = new FakeSession(3); // welcome + 2 frames, then it stops reading
    running = connections(8, Duration.ofSeconds(30), Duration.ofSeconds(60)).serve(session, access("alice"), "phone", Schedulers.parallel()).subscribe();
    Await.until("registration", () -> registry.connectionsOf("alice") != null, WAIT);
    session.clientSends("{\"type\":\"hello\"}");
    ChatConnection connection = registry.connectionsOf("alice")[0];

    // more than every queue between the buffer and the socket holds (merge prefetch 32 per source, publishOn 8,
    // buffer 8): however fast the pipeline drains, the buffer must overflow
    for (long seq = 1; seq <= 1_000 && session.closedWith.get() == null; seq++) {
      connection.deliver(new LiveItem.Message("c", seq, "{\"seq\":" + seq + "}"));
    }

    Await.until("the overflow close", () -> session.closedWith.get() != null, WAIT);
    assertThat(session.closedWith.get().getCode()).isEqualTo(1013);
    Await.until("deregistration", () -> registry.connectionsOf("alice") == null, WAIT);
    assertThat(meters.counter("herald.gateway.chat.disconnects", "reason", "overflow").count()).isEqualTo(1);
    assertThat(session.texts()).as("never more than the client asked for").hasSizeBetween(1, 3);
    assertThat(session.texts().get(0)).contains("welcome");
  }

  @Test
  void aSilentClientIsClosedAfterTheIdleTimeoutWhileOneThatAnswersPingsStays() {
    FakeSession silent = new FakeSession(Long.MAX_VALUE);
    FakeSession chatty = new FakeSession(Long.MAX_VALUE);
    ChatConnections shared = connections(8, Duration.ofMillis(50), Duration.ofMillis(300));
    running = shared.serve(silent, access("alice"), "phone", Schedulers.parallel()).subscribe();
    Disposable other = shared.serve(chatty, access("bob"), "phone", Schedulers.parallel()).subscribe();
    try {
      long deadline = System.nanoTime() + Duration.ofMillis(600).toNanos();
      while (System.nanoTime() < deadline) { // bob answers every ping, as browsers and wscat do
        if (chatty.sent.stream().anyMatch(m -> m.getType() == org.springframework.web.reactive.socket.WebSocketMessage.Type.PING)) {
          chatty.inbound.tryEmitNext(chatty.pongMessage(f -> f.wrap(new byte[0])));
        }
        LockSupport.parkNanos(20_000_000);
      }
      Await.until("the idle close", () -> silent.closedWith.get() != null, WAIT);
      assertThat(silent.closedWith.get().getCode()).isEqualTo(1001);
      assertThat(chatty.closedWith.get()).isNull();
    } finally {
      other.dispose();
    }
  }
}
