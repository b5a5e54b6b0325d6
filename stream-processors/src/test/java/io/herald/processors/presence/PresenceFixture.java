package io.herald.processors.presence;

import io.herald.events.GatewayHeartbeat;
import io.herald.events.PresenceEvent;
import io.herald.events.PresenceKind;
import io.herald.events.PresenceState;
import io.herald.processors.presence.state.UserPresence;
import io.herald.processors.dlq.DeadLetterDeserializationHandler;
import io.herald.processors.dlq.DeadLetterProcessingHandler;
import io.herald.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A TopologyTestDriver around the presence topology with a controllable wall clock: {@link #elapse}
 * moves it in one-second steps (so every sweep fires at its time) while the named gateways keep
 * beating every {@link #INTERVAL}, as healthy gateways do.
 */
final class PresenceFixture implements AutoCloseable {

  static final String APPLICATION_ID = "presence-test";
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Duration STEP = Duration.ofSeconds(1);

  final TopologyTestDriver driver;
  final TestInputTopic<String, byte[]> rawPresence;
  final TestInputTopic<String, byte[]> rawLiveness;
  final TestOutputTopic<String, byte[]> presenceDlq;
  private final TestInputTopic<String, PresenceEvent> presence;
  private final TestInputTopic<String, GatewayHeartbeat> liveness;
  private final TestOutputTopic<String, PresenceState> states;
  private final Map<String, Instant> lastBeat = new HashMap<>();
  private Instant now = START;

  PresenceFixture() {
    this(PresenceLimits.DEFAULTS);
  }

  PresenceFixture(PresenceLimits limits) {
    this(limits, PresenceTopology.SWEEP_BATCH);
  }

  PresenceFixture(PresenceLimits limits, int sweepBatch) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
    props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/ttd-" + UUID.randomUUID());
    driver = new TopologyTestDriver(PresenceTopology.build(limits, sweepBatch), props, START);
    presence = driver.createInputTopic(Topics.PRESENCE.name(), new StringSerializer(),
        Topics.PRESENCE.valueSerde().serializer());
    rawPresence = driver.createInputTopic(Topics.PRESENCE.name(), new StringSerializer(), new ByteArraySerializer());
    liveness = driver.createInputTopic(Topics.GATEWAY_LIVENESS.name(), new StringSerializer(),
        Topics.GATEWAY_LIVENESS.valueSerde().serializer());
    rawLiveness = driver.createInputTopic(Topics.GATEWAY_LIVENESS.name(), new StringSerializer(),
        new ByteArraySerializer());
    states = driver.createOutputTopic(Topics.PRESENCE_STATE.name(), new StringDeserializer(),
        Topics.PRESENCE_STATE.valueSerde().deserializer());
    presenceDlq = driver.createOutputTopic(Topics.PRESENCE.dlq(), new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  Instant now() {
    return now;
  }

  /** Moves the wall clock; each gateway in {@code beating} beats whenever its interval is up. */
  void elapse(Duration duration, String... beating) {
    elapse(duration, STEP, beating);
  }

  /** {@link #elapse(Duration, String...)} in coarser steps, for long stretches where a second does not matter. */
  void elapse(Duration duration, Duration stepSize, String... beating) {
    Instant until = now.plus(duration);
    while (now.isBefore(until)) {
      Duration left = Duration.between(now, until);
      Duration step = stepSize.compareTo(left) <= 0 ? stepSize : left;
      driver.advanceWallClockTime(step);
      now = now.plus(step);
      for (String gateway : beating) {
        Instant last = lastBeat.get(gateway);
        if (last == null || !now.isBefore(last.plus(INTERVAL))) {
          beat(gateway);
        }
      }
    }
  }

  void beat(String gateway) {
    beat(gateway, INTERVAL, now);
  }

  void beat(String gateway, Duration interval, Instant at) {
    liveness.pipeInput(gateway, GatewayHeartbeat.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at)
        .setGatewayId(gateway).setIntervalMs(interval.toMillis()).setSessionCount(1).build(), at);
    lastBeat.put(gateway, at);
  }

  void connect(String user, String session, String device, String gateway) {
    send(event(user, session, device, gateway, PresenceKind.CONNECTED, now));
  }

  void heartbeat(String user, String session, String device, String gateway) {
    send(event(user, session, device, gateway, PresenceKind.HEARTBEAT, now));
  }

  void disconnect(String user, String session, String device, String gateway) {
    send(event(user, session, device, gateway, PresenceKind.DISCONNECTED, now));
  }

  void send(PresenceEvent event) {
    presence.pipeInput(event.getUserId(), event, event.getOccurredAt());
  }

  static PresenceEvent event(String user, String session, String device, String gateway, PresenceKind kind,
                             Instant at) {
    return PresenceEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setUserId(user)
        .setSessionId(session).setDeviceId(device).setGatewayId(gateway).setKind(kind).build();
  }

  /** Everything emitted since the last call. */
  List<PresenceState> emitted() {
    return states.readValuesToList();
  }

  /** Records written to the tracker's changelogs since the last call: the Kafka cost of what just happened. */
  int changelogWrites() {
    int writes = 0;
    for (String store : List.of(PresenceTopology.USER_STORE, PresenceTopology.SESSION_INDEX_STORE,
        PresenceTopology.TIMER_STORE)) {
      writes += driver.createOutputTopic(APPLICATION_ID + "-" + store + "-changelog", new ByteArrayDeserializer(),
          new ByteArrayDeserializer()).readRecordsToList().size();
    }
    return writes;
  }

  UserPresence stored(String user) {
    KeyValueStore<String, UserPresence> store = driver.getKeyValueStore(PresenceTopology.USER_STORE);
    return store.get(user);
  }

  List<String> keys(String storeName) {
    KeyValueStore<String, Object> store = driver.getKeyValueStore(storeName);
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, Object> it = store.all()) {
      it.forEachRemaining((KeyValue<String, Object> kv) -> keys.add(kv.key));
    }
    return keys;
  }

  @Override
  public void close() {
    driver.close();
  }
}
