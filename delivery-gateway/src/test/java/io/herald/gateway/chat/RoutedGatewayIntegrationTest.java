package io.herald.gateway.chat;

import static io.herald.gateway.chat.ChatTestData.delivery;
import static io.herald.gateway.chat.ChatTestData.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.events.Delivery;
import io.herald.events.PresenceEvent;
import io.herald.events.PresenceKind;
import io.herald.gateway.ChatClient;
import io.herald.gateway.GatewayApplication;
import io.herald.gateway.GatewayIntegrationTestBase;
import io.herald.gateway.HttpProbe;
import io.herald.gateway.TestTokens;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.HeraldInfra;
import io.herald.testkit.KafkaProbe;
import io.herald.testkit.WithHeraldInfra;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A gateway in routed mode on a real broker: its sessions announce its slot on {@code presence},
 * and its chat reader consumes only its partition of {@code inbox-routes}, not {@code inbox} nor
 * another slot's partition. The test plays the routing topology (writes to the partitions itself).
 */
@WithHeraldInfra
class RoutedGatewayIntegrationTest {

  private static final int SLOT = 1;
  private static final KafkaProbe kafka = KafkaProbe.infra();
  private static ConfigurableApplicationContext gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayApplication.builder().run(
        "--server.port=0",
        "--spring.kafka.bootstrap-servers=" + HeraldInfra.kafkaBootstrapServers(),
        "--herald.topics.create=false",
        "--herald.gateway.auth.jwks-uri=" + TestTokens.jwksUri(),
        "--herald.gateway.mongo.uri=" + HeraldInfra.mongoUri(),
        "--herald.gateway.mongo.database=" + GatewayIntegrationTestBase.DATABASE,
        "--herald.gateway.chat.routing.mode=routed",
        "--herald.gateway.chat.routing.slot=" + (SLOT + HeraldInfra.partitions())); // slot mod partitions = SLOT
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void sessionsAnnounceTheSlotAndTheReaderConsumesOnlyItsPartitionOfTheRoutes() {
    String alice = id("alice");
    List<String> conversations = List.of(id("routed"), id("inbox"), id("other-slot"), id("routed-again"));
    Map<Integer, Long> presenceBefore = kafka.endOffsets(Topics.PRESENCE.name());
    try (ChatTestData readModel = new ChatTestData(GatewayIntegrationTestBase.DATABASE);
         ChatClient a = ChatClient.open(port(), alice, "phone")) {
      conversations.forEach(c -> readModel.directConversation(c, alice, "bob", 0));
      PresenceEvent connected = kafka.readAfter(Topics.PRESENCE, presenceBefore, 1, ChatClient.WAIT).stream()
          .filter(r -> alice.equals(r.key())).map(r -> r.value()).findFirst().orElseThrow();
      assertThat(connected.getKind()).isEqualTo(PresenceKind.CONNECTED);
      assertThat(connected.getRouteSlot()).isEqualTo(SLOT + HeraldInfra.partitions());

      double before = readerRecords();
      route(SLOT, delivery(alice, conversations.get(0), 1, "bob", "routed"));
      kafka.send(Topics.INBOX, alice, delivery(alice, conversations.get(1), 1, "bob", "straight to inbox"));
      route(SLOT + 1, delivery(alice, conversations.get(2), 1, "bob", "another gateway's slot"));
      route(SLOT, delivery(alice, conversations.get(3), 1, "bob", "routed again"));

      assertThat(a.messages(2)).extracting(m -> m.get("body").asString()).containsExactly("routed", "routed again");
      assertThatThrownBy(() -> a.next(Duration.ofSeconds(1))).as("nothing else reaches the socket")
          .isInstanceOf(AssertionError.class);
      assertThat(readerRecords() - before).as("records the chat reader consumed: its partition's two").isEqualTo(2.0);
    }
  }

  @Test
  void withoutTheRoutingTopologyTheGatewayIsDown() {
    // this module's broker runs no processors: the routing group has no member
    Health routing = gateway.getBean("chatRoutingHealthIndicator", HealthIndicator.class).health();
    assertThat(routing.getStatus()).isEqualTo(Status.DOWN);
    assertThat(routing.getDetails()).containsEntry("group", "herald-routing").containsEntry("members", 0);
    assertThat(String.valueOf(routing.getDetails().get("reason"))).contains("herald.processors.routing.enabled=true");
    ResponseEntity<String> health = HttpProbe.get(port(), "/actuator/health");
    assertThat(health.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(health.getBody()).contains("DOWN");
  }

  private static void route(int partition, Delivery d) {
    String topic = Topics.INBOX_ROUTES.name();
    kafka.sendRaw(new ProducerRecord<>(topic, partition, d.getRecipientId().getBytes(StandardCharsets.UTF_8),
        Topics.INBOX_ROUTES.valueSerde().serializer().serialize(topic, d)));
  }

  private static double readerRecords() {
    var counter = gateway.getBean(MeterRegistry.class).find("herald.gateway.chat.reader.records")
        .tag("topic", Topics.INBOX_ROUTES.name()).counter();
    return counter == null ? 0 : counter.count();
  }

  private static int port() {
    return Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));
  }
}
