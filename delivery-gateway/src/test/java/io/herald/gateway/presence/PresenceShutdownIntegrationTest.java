package io.herald.gateway.presence;

import static io.herald.gateway.chat.ChatTestData.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.events.PresenceEvent;
import io.herald.events.PresenceKind;
import io.herald.gateway.ChatClient;
import io.herald.gateway.GatewayApplication;
import io.herald.gateway.GatewayIntegrationTestBase;
import io.herald.gateway.TestTokens;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.HeraldInfra;
import io.herald.testkit.WithHeraldInfra;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** A gateway that stops disconnects the sessions it still holds, so its users do not wait for an expiry. */
@WithHeraldInfra
class PresenceShutdownIntegrationTest {

  @Test
  void closingTheGatewaySendsDisconnectedForItsOpenSessions() {
    String ann = id("ann");
    String bob = id("bob");
    ConfigurableApplicationContext gateway = GatewayApplication.builder().run(
        "--server.port=0",
        "--spring.kafka.bootstrap-servers=" + HeraldInfra.kafkaBootstrapServers(),
        "--herald.topics.create=false",
        "--herald.gateway.auth.jwks-uri=" + TestTokens.jwksUri(),
        "--herald.gateway.mongo.uri=" + HeraldInfra.mongoUri(),
        "--herald.gateway.mongo.database=" + GatewayIntegrationTestBase.DATABASE,
        "--herald.gateway.presence.gateway-name=shutdown-it");
    int port = Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));
    try (TopicLog<PresenceEvent> presence = new TopicLog<>(Topics.PRESENCE);
         ChatClient a = ChatClient.open(port, ann, "phone");
         ChatClient b = ChatClient.open(port, bob, "phone")) {
      Set<String> users = Set.of(ann, bob);
      List<PresenceEvent> connected = presence.await(e -> users.contains(e.getUserId()), 2);
      String gatewayId = gateway.getBean(PresencePublisher.class).gatewayId();

      gateway.close();

      List<PresenceEvent> disconnected = presence.await(e -> users.contains(e.getUserId()), 2);
      assertThat(disconnected).allSatisfy(e -> {
        assertThat(e.getKind()).isEqualTo(PresenceKind.DISCONNECTED);
        assertThat(e.getGatewayId()).isEqualTo(gatewayId);
      });
      assertThat(sessions(disconnected)).isEqualTo(sessions(connected));
    } finally {
      gateway.close();
    }
  }

  private static Set<String> sessions(List<PresenceEvent> events) {
    return events.stream().map(e -> e.getUserId() + "/" + e.getSessionId()).collect(Collectors.toSet());
  }
}
