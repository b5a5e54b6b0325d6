package io.herald.processors.presence;

import io.herald.events.GatewayHeartbeat;
import io.herald.processors.presence.state.UserPresence;
import io.herald.schemas.serde.AvroSerde;
import io.herald.schemas.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Who is online, on which devices, and when they were last seen: sessions per user from the
 * gateways' events, expired when their gateway stops beating; a change of status is emitted once.
 *
 * <pre>
 * gateway-liveness ─► gateway-beats ─► [presence-gateways]  global: every instance, every gateway
 *                                              │ read by
 * presence ─────────► presence-tracker ◄───────┘ ─► presence-state  (PresenceState, key user_id)
 *                     [presence-users] [presence-session-index] [presence-timers]
 * </pre>
 *
 * Liveness per gateway, what gateways must do, why exactly-once, state bounds and poison records:
 * docs/architecture.md, "Presence". Names of processors and stores are fixed so changelog topics
 * keep their names.
 */
public final class PresenceTopology {

  public static final String PRESENCE_SOURCE = "presence-source";
  public static final String TRACKER = "presence-tracker";
  public static final String PRESENCE_STATE_SINK = "presence-state-sink";
  public static final String GATEWAY_SOURCE = "gateway-liveness-source";
  public static final String GATEWAY_RECORDER = "gateway-beats";
  public static final String USER_STORE = "presence-users";
  public static final String SESSION_INDEX_STORE = "presence-session-index";
  public static final String TIMER_STORE = "presence-timers";
  public static final String GATEWAY_STORE = "presence-gateways";
  /** Expiries (and timers) per sweep; see {@link PresenceTracker}. */
  static final int SWEEP_BATCH = 10_000;

  private PresenceTopology() {}

  public static Topology build(PresenceLimits limits) {
    return build(limits, SWEEP_BATCH);
  }

  static Topology build(PresenceLimits limits, int sweepBatch) {
    Topology topology = new Topology();
    LenientHeartbeatDeserializer beats = new LenientHeartbeatDeserializer();
    topology.addGlobalStore(gatewayStore(), GATEWAY_SOURCE, Topics.GATEWAY_LIVENESS.keySerde().deserializer(),
        beats, Topics.GATEWAY_LIVENESS.name(), GATEWAY_RECORDER, () -> new GatewayBeatRecorder(beats));
    topology.addSource(PRESENCE_SOURCE, Topics.PRESENCE.keySerde().deserializer(),
        Topics.PRESENCE.valueSerde().deserializer(), Topics.PRESENCE.name());
    topology.addProcessor(TRACKER, () -> new PresenceTracker(limits, sweepBatch), PRESENCE_SOURCE);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(USER_STORE), Serdes.String(),
        AvroSerde.of(UserPresence.class)), TRACKER);
    topology.addStateStore(longValues(SESSION_INDEX_STORE), TRACKER);
    topology.addStateStore(longValues(TIMER_STORE), TRACKER);
    topology.addSink(PRESENCE_STATE_SINK, Topics.PRESENCE_STATE.name(), Topics.PRESENCE_STATE.keySerde().serializer(),
        Topics.PRESENCE_STATE.valueSerde().serializer(), TRACKER);
    return topology;
  }

  private static StoreBuilder<KeyValueStore<String, Long>> longValues(String name) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.Long());
  }

  private static StoreBuilder<KeyValueStore<String, GatewayHeartbeat>> gatewayStore() {
    // global stores restore from their source topic: a changelog would only duplicate it
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(GATEWAY_STORE), Serdes.String(),
        AvroSerde.of(GatewayHeartbeat.class)).withLoggingDisabled();
  }
}
