package io.herald.gateway.presence;

import static io.herald.gateway.chat.ChatTestData.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.events.GatewayHeartbeat;
import io.herald.events.PresenceEvent;
import io.herald.events.PresenceKind;
import io.herald.events.PresenceState;
import io.herald.events.PresenceStatus;
import io.herald.gateway.ChatClient;
import io.herald.gateway.GatewayIntegrationTestBase;
import io.herald.gateway.HttpProbe;
import io.herald.gateway.TestTokens;
import io.herald.gateway.chat.ChatTestData;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.KafkaProbe;
import io.herald.testkit.Await;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Presence on a gateway against the real broker and the Mongo-wire server: the events and heartbeats
 * it publishes, the presence frames and the endpoint. The test plays the presence processor: it
 * writes {@code presence-state} itself.
 */
@TestPropertySource(properties = {
    "herald.gateway.chat.hello-timeout=200ms",
    "herald.gateway.presence.gateway-name=presence-it",
    "herald.gateway.presence.heartbeat-interval=" + PresenceIntegrationTest.INTERVAL_MS + "ms"})
class PresenceIntegrationTest extends GatewayIntegrationTestBase {

  static final long INTERVAL_MS = 300;
  private static final String GATEWAY_PREFIX = "gw-presence-it-";
  /** The states a test writes go to one partition, so the gateway reads them in the order written. */
  private static final int PARTITION = 0;

  @Autowired
  private PresencePublisher publisher;
  @Autowired
  private PresenceTable table;

  private final ChatTestData readModel = new ChatTestData(DATABASE);
  private final List<ChatClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(ChatClient::close);
    readModel.close();
  }

  @Test
  void eachSocketIsAConnectedSessionOfThisGatewayAndItsCloseADisconnect() {
    String ann = id("ann");
    try (TopicLog<PresenceEvent> presence = new TopicLog<>(Topics.PRESENCE)) {
      ChatClient phone = open(ann, "phone");
      open(ann, "laptop");

      List<PresenceEvent> connected = presence.await(e -> e.getUserId().equals(ann), 2);
      assertThat(connected).allSatisfy(e -> {
        assertThat(e.getKind()).isEqualTo(PresenceKind.CONNECTED);
        assertThat(e.getGatewayId()).isEqualTo(publisher.gatewayId()).startsWith(GATEWAY_PREFIX);
      });
      assertThat(connected).extracting(PresenceEvent::getDeviceId).containsExactlyInAnyOrder("phone", "laptop");
      assertThat(connected.get(0).getSessionId()).as("one session per socket")
          .isNotEqualTo(connected.get(1).getSessionId());
      String phoneSession = connected.stream().filter(e -> e.getDeviceId().equals("phone")).findFirst().orElseThrow()
          .getSessionId();

      phone.close();

      PresenceEvent disconnected = presence.await(e -> e.getUserId().equals(ann), 1).get(0);
      assertThat(disconnected.getKind()).isEqualTo(PresenceKind.DISCONNECTED);
      assertThat(disconnected.getSessionId()).isEqualTo(phoneSession);
      assertThat(disconnected.getDeviceId()).isEqualTo("phone");
      assertThat(disconnected.getGatewayId()).isEqualTo(publisher.gatewayId());
    }
  }

  @Test
  void oneHeartbeatPerIntervalWhateverTheNumberOfSockets() {
    List<String> users = IntStream.range(0, 20).mapToObj(i -> id("u" + i)).toList();
    try (TopicLog<PresenceEvent> presence = new TopicLog<>(Topics.PRESENCE);
         TopicLog<GatewayHeartbeat> liveness = new TopicLog<>(Topics.GATEWAY_LIVENESS)) {
      users.forEach(u -> open(u, "phone"));
      presence.await(e -> users.contains(e.getUserId()), 20);
      liveness.await(b -> b.getGatewayId().startsWith(GATEWAY_PREFIX) && b.getSessionCount() >= 20, 1);

      List<GatewayHeartbeat> beats = liveness.await(b -> b.getGatewayId().startsWith(GATEWAY_PREFIX), 5);

      assertThat(beats).allSatisfy(b -> {
        assertThat(b.getIntervalMs()).isEqualTo(INTERVAL_MS);
        assertThat(b.getSessionCount()).isGreaterThanOrEqualTo(20);
      });
      long span = beats.get(4).getOccurredAt().toEpochMilli() - beats.get(0).getOccurredAt().toEpochMilli();
      // At a fixed rate five heartbeats span more than 3 intervals; one per socket would come 20 at once.
      assertThat(span).as("five heartbeats of one gateway").isGreaterThanOrEqualTo(2 * INTERVAL_MS);
      assertThat(presence.readToEnd()).as("the sessions themselves send nothing while open")
          .noneMatch(e -> users.contains(e.getUserId()));
    }
  }

  @Test
  void aNewPresenceOfAUserIsPushedToTheirConnectedContactsOnly() {
    String ann = id("ann");
    String bob = id("bob");
    String cam = id("cam");
    String dan = id("dan");
    readModel.directConversation(id("dm"), ann, bob, 0);
    readModel.directConversation(id("dm"), cam, dan, 0);
    ChatClient atAnn = open(ann, "phone");
    ChatClient atCam = open(cam, "phone");

    writeState(bob, PresenceStatus.ONLINE, "bob-phone", "bob-tablet");

    JsonNode frame = atAnn.next("presence");
    assertThat(frame.get("userId").asString()).isEqualTo(bob);
    assertThat(frame.get("status").asString()).isEqualTo("online");
    assertThat(frame.get("devices")).extracting(JsonNode::asString).containsExactly("bob-phone", "bob-tablet");
    assertThat(frame.get("lastSeen").asString()).endsWith("Z");

    writeState(dan, PresenceStatus.OFFLINE); // after bob's, on the same partition
    JsonNode atCamFirst = atCam.next("presence");
    assertThat(atCamFirst.get("userId").asString()).as("cam is no contact of bob's: dan's is his first").isEqualTo(dan);
    assertThat(atCamFirst.get("status").asString()).isEqualTo("offline");
    assertThat(atCamFirst.get("devices")).isEmpty();
  }

  @Test
  void onConnectAUserGetsTheCurrentPresenceOfTheirContactsAfterTheWelcome() {
    String ann = id("ann");
    String bob = id("bob");
    readModel.directConversation(id("dm"), ann, bob, 0);
    writeState(bob, PresenceStatus.ONLINE, "bob-tablet");
    Await.until("bob's state in the gateway's table", () -> table.contains(bob), ChatClient.WAIT);

    JsonNode frame = open(ann, "phone").next("presence"); // open() checked that the welcome came first

    assertThat(frame.get("userId").asString()).isEqualTo(bob);
    assertThat(frame.get("status").asString()).isEqualTo("online");
    assertThat(frame.get("devices")).extracting(JsonNode::asString).containsExactly("bob-tablet");
  }

  @Test
  void membersOfANewConversationFollowEachOtherAtOnce() {
    String ann = id("ann");
    String eve = id("eve");
    String conversation = id("dm"); // not in the read model: only delivery-state tells
    ChatClient atAnn = open(ann, "phone");
    kafka.send(Topics.DELIVERY_STATE, conversation,
        ChatTestData.state(conversation, 0, Map.of(ann, new long[] {0, 0}, eve, new long[] {0, 0})));
    atAnn.next("receipt"); // the gateway has read it

    writeState(eve, PresenceStatus.ONLINE, "eve-phone");

    assertThat(atAnn.next("presence").get("userId").asString()).isEqualTo(eve);
  }

  @Test
  void theEndpointAnswersForOneselfAndContactsAndLikeForNobodyForOthers() {
    String ann = id("ann");
    String bob = id("bob");
    String cam = id("cam");
    String dan = id("dan");
    readModel.directConversation(id("dm"), ann, bob, 0);
    readModel.directConversation(id("dm"), ann, dan, 0);
    writeState(bob, PresenceStatus.ONLINE, "bob-phone");
    Await.until("bob's state in the gateway's table", () -> table.contains(bob), ChatClient.WAIT);
    String path = "/v1/users/" + bob + "/presence";

    ResponseEntity<String> contact = get(path, ann);
    assertThat(contact.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode body = ChatClient.JSON.readTree(contact.getBody());
    assertThat(body.get("userId").asString()).isEqualTo(bob);
    assertThat(body.get("status").asString()).isEqualTo("online");
    assertThat(body.get("devices")).extracting(JsonNode::asString).containsExactly("bob-phone");
    assertThat(body.get("lastSeen").asString()).endsWith("Z");
    assertThat(get(path, bob).getStatusCode()).as("oneself").isEqualTo(HttpStatus.OK);

    JsonNode neverSeen = ChatClient.JSON.readTree(get("/v1/users/" + dan + "/presence", ann).getBody());
    assertThat(neverSeen.get("status").asString()).isEqualTo("offline");
    assertThat(neverSeen.get("lastSeen").isNull()).isTrue();

    ResponseEntity<String> stranger = get(path, cam);
    ResponseEntity<String> nobody = get("/v1/users/" + id("ghost") + "/presence", ann);
    for (ResponseEntity<String> refused : List.of(stranger, nobody)) {
      assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
      assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
      assertThat(ChatClient.JSON.readTree(refused.getBody()).get("detail").asString()).isEqualTo("No such user.");
    }
    assertThat(HttpProbe.get(port, path).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  private ChatClient open(String user, String device) {
    ChatClient c = ChatClient.open(port, user, device);
    clients.add(c);
    return c;
  }

  private ResponseEntity<String> get(String path, String asUser) {
    return HttpProbe.get(port, path, h -> h.setBearerAuth(TestTokens.user(asUser)));
  }

  /** What the presence processor would write on a status change. */
  private static void writeState(String user, PresenceStatus status, String... devices) {
    PresenceState state = PresenceState.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
        .setUserId(user).setStatus(status).setDevices(List.of(devices))
        .setLastSeen(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
    String topic = Topics.PRESENCE_STATE.name();
    KafkaProbe.infra().sendRaw(new ProducerRecord<>(topic, PARTITION,
        Topics.PRESENCE_STATE.keySerde().serializer().serialize(topic, user),
        Topics.PRESENCE_STATE.valueSerde().serializer().serialize(topic, state)));
  }
}
