package io.herald.processors.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.events.PresenceEvent;
import io.herald.events.PresenceKind;
import io.herald.events.PresenceState;
import io.herald.events.PresenceStatus;
import io.herald.processors.dlq.DeadLetterDeserializationHandler;
import io.herald.processors.dlq.DeadLetterProcessingHandler;
import io.herald.processors.routing.state.RouteSessions;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The routing rules on a TopologyTestDriver: which deliveries are routed, and which session ends a route. */
class RoutingTopologyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final TopologyTestDriver driver = new TopologyTestDriver(RoutingTopology.build(4), props(), T0);
  private final TestInputTopic<String, PresenceEvent> presence = driver.createInputTopic(Topics.PRESENCE.name(),
      new StringSerializer(), Topics.PRESENCE.valueSerde().serializer());
  private final TestInputTopic<String, byte[]> rawPresence = driver.createInputTopic(Topics.PRESENCE.name(),
      new StringSerializer(), new ByteArraySerializer());
  private final TestInputTopic<String, PresenceState> states = driver.createInputTopic(Topics.PRESENCE_STATE.name(),
      new StringSerializer(), Topics.PRESENCE_STATE.valueSerde().serializer());
  private final TestInputTopic<String, byte[]> inbox = driver.createInputTopic(Topics.INBOX.name(),
      new StringSerializer(), new ByteArraySerializer());
  private final TestOutputTopic<String, byte[]> routes = driver.createOutputTopic(Topics.INBOX_ROUTES.name(),
      new StringDeserializer(), new ByteArrayDeserializer());
  private final KeyValueStore<String, RouteSessions> store = driver.getKeyValueStore(RoutingTopology.SESSION_STORE);

  @AfterEach
  void close() {
    driver.close();
  }

  @Test
  void aDeliveryIsCopiedUnchangedOnlyForARecipientWithARoutedSession() {
    connect("ann", "s1", "gw-a", 2, T0);
    byte[] body = "not decoded".getBytes(StandardCharsets.UTF_8);
    RecordHeaders headers = new RecordHeaders();
    headers.add("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));
    inbox.pipeInput(new TestRecord<>("ann", body, headers, T0.plusSeconds(1)));
    inbox.pipeInput("bob", "nobody holds bob".getBytes(StandardCharsets.UTF_8), T0.plusSeconds(2));

    List<TestRecord<String, byte[]>> out = routes.readRecordsToList();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).key()).isEqualTo("ann");
    assertThat(out.get(0).value()).isEqualTo(body);
    assertThat(out.get(0).headers().lastHeader("traceparent").value()).isEqualTo(headers.lastHeader("traceparent").value());
    assertThat(out.get(0).getRecordTime()).isEqualTo(T0.plusSeconds(1));
  }

  @Test
  void aSessionOfAGatewayThatReadsAllOfInboxIsNotRouted() {
    send(event("ann", "s1", "gw-old", null, PresenceKind.CONNECTED, T0));
    inbox.pipeInput("ann", new byte[] {1}, T0.plusSeconds(1));
    assertThat(routes.isEmpty()).isTrue();
    assertThat(store.get("ann")).isNull();
  }

  @Test
  void sessionsOnTwoSlotsGiveTheirSlotsAndADisconnectEndsOnlyItsOwn() {
    connect("ann", "phone", "gw-a", 1, T0);
    connect("ann", "laptop", "gw-b", 3, T0.plusSeconds(1));
    connect("ann", "tablet", "gw-b", 3, T0.plusSeconds(2));
    assertThat(RouteTable.slots(store.get("ann"))).containsExactly(1, 3);

    send(event("ann", "laptop", "gw-b", 3, PresenceKind.DISCONNECTED, T0.plusSeconds(3)));
    assertThat(RouteTable.slots(store.get("ann"))).containsExactly(1, 3);
    send(event("ann", "tablet", "gw-b", 3, PresenceKind.DISCONNECTED, T0.plusSeconds(3)));
    assertThat(RouteTable.slots(store.get("ann"))).containsExactly(1);
    send(event("ann", "phone", "gw-a", 1, PresenceKind.DISCONNECTED, T0.plusSeconds(4)));
    assertThat(store.get("ann")).as("nothing kept for a user without routed sessions").isNull();
  }

  @Test
  void aReAnnouncedSessionUnderANewGatewayIdReplacesItsOldEntry() {
    connect("ann", "s1", "gw-a-1", 1, T0);
    connect("ann", "s1", "gw-a-2", 1, T0.plusSeconds(40));
    assertThat(store.get("ann").getSessions()).singleElement()
        .satisfies(s -> assertThat(s.getGatewayId()).isEqualTo("gw-a-2"));
  }

  @Test
  void offlineForgetsTheSessionsItDeclaresOverButNotOnesAnnouncedAfterIt() {
    connect("ann", "on-dead-gateway", "gw-dead", 1, T0);
    connect("ann", "moved", "gw-live", 2, T0.plusSeconds(50));
    // the presence topology expired the dead gateway's session at its last beat, T0 + 10 s; the
    // OFFLINE reaches routing after the user already reconnected elsewhere
    states.pipeInput("ann", offline("ann", T0.plusSeconds(10), T0.plusSeconds(45)), T0.plusSeconds(45));
    assertThat(RouteTable.slots(store.get("ann"))).containsExactly(2);

    states.pipeInput("ann", offline("ann", T0.plusSeconds(60), T0.plusSeconds(61)), T0.plusSeconds(61));
    assertThat(store.get("ann")).isNull();
    inbox.pipeInput("ann", new byte[] {1}, T0.plusSeconds(62));
    assertThat(routes.isEmpty()).isTrue();
  }

  @Test
  void sessionsPerUserAreCappedOldestFirst() {
    for (int i = 0; i < 6; i++) {
      connect("ann", "s" + i, "gw-" + i, i, T0.plusSeconds(i));
    }
    assertThat(store.get("ann").getSessions()).extracting(s -> s.getSessionId()).containsExactly("s2", "s3", "s4", "s5");
  }

  @Test
  void aPoisonPresenceEventIsDeadLetteredAndRoutingCarriesOn() {
    TestOutputTopic<String, byte[]> dlq = driver.createOutputTopic(Topics.PRESENCE.dlq(), new StringDeserializer(),
        new ByteArrayDeserializer());
    rawPresence.pipeInput("ann", "garbage".getBytes(StandardCharsets.UTF_8), T0);
    connect("ann", "s1", "gw-a", 0, T0);
    inbox.pipeInput("ann", new byte[] {7}, T0.plusSeconds(1));
    assertThat(dlq.readValuesToList()).singleElement().isEqualTo("garbage".getBytes(StandardCharsets.UTF_8));
    assertThat(routes.readValuesToList()).singleElement().isEqualTo(new byte[] {7});
  }

  @Test
  void theSlotPartitionerSendsOneCopyPerDistinctPartition() {
    SlotPartitioner partitioner = new SlotPartitioner();
    assertThat(partitioner.partitions("t", "k", new Routed(Set.of(1, 13, 4), new byte[0]), 12))
        .isEqualTo(Optional.of(Set.of(1, 4)));
  }

  private void connect(String user, String session, String gateway, int slot, Instant at) {
    send(event(user, session, gateway, slot, PresenceKind.CONNECTED, at));
  }

  private void send(PresenceEvent e) {
    presence.pipeInput(e.getUserId(), e, e.getOccurredAt());
  }

  static PresenceEvent event(String user, String session, String gateway, Integer slot, PresenceKind kind, Instant at) {
    return PresenceEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setUserId(user)
        .setSessionId(session).setDeviceId("device").setGatewayId(gateway).setKind(kind).setRouteSlot(slot).build();
  }

  private static PresenceState offline(String user, Instant lastSeen, Instant at) {
    return PresenceState.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setUserId(user)
        .setStatus(PresenceStatus.OFFLINE).setLastSeen(lastSeen).build();
  }

  private static Properties props() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "routing-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
    props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/ttd-" + UUID.randomUUID());
    return props;
  }
}
