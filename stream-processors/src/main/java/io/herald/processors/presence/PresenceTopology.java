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
 * Who is online, on which devices, and when they were last seen.
 *
 * <pre>
 * gateway-liveness ─► gateway-beats ─► [presence-gateways]  global: every instance, every gateway
 *                                              │ read by
 * presence ─────────► presence-tracker ◄───────┘ ─► presence-state  (PresenceState, key user_id)
 *                     [presence-users] [presence-session-index] [presence-timers]
 * </pre>
 *
 * <p><b>Liveness without per-user load.</b> Gateways write CONNECTED and DISCONNECTED per session
 * to {@code presence} (key user_id) and one {@code GatewayHeartbeat} per interval to
 * {@code gateway-liveness} (key gateway_id) for all their sessions. An idle connected user costs
 * nothing; the liveness traffic is gateways / interval records per second (10 s by default: 0.1/s
 * for one gateway, 1/s for ten), whatever the number of users. Since a user's task must judge
 * sessions on any gateway, the heartbeats feed a global store rather than a partitioned one. A
 * wall-clock sweep ({@link SilentGatewaySweep}) expires the sessions of gateways silent for
 * longer than the timeout ({@link Liveness}); per-session HEARTBEATs from older gateways still
 * work and keep their session alive on their own.
 *
 * <p><b>What gateways must do</b> for this to hold:
 * <ul>
 *   <li>use a {@code gateway_id} per process incarnation (e.g. host plus a start-up UUID): a
 *       restarted gateway beating under its old id would keep its predecessor's sessions alive,
 *       since no DISCONNECTED will ever come for them;</li>
 *   <li>send DISCONNECTED for every session they close, including at a clean shutdown;</li>
 *   <li>after their liveness publishing was interrupted for longer than the timeout (a Kafka
 *       outage), send CONNECTED again for the sessions they still hold: the processor has expired
 *       them, and an expired session (unlike a disconnected one) comes back on a fresh event.</li>
 * </ul>
 *
 * <p><b>Processing guarantee: exactly_once_v2 by default.</b> The topology emits only on a status
 * change, so it must remember what it last emitted (the {@code online} flag in the user's state).
 * Under at_least_once a crash can leave that flag in the changelog while the PresenceState beside it
 * never reached the topic (both go through one producer, in separate batches); on restart the
 * replayed event is a no-op and the change is lost until the user's next one: a user shown online
 * for hours after leaving, whom the notifier then never reaches. Duplicates, the other
 * at_least_once failure, would be harmless (the events are idempotent per session, the output is a
 * compacted state). Exactly-once commits the state, the output and the input offset together. Its
 * cost is small here: outputs become visible at the commit, every 100 ms with Herald's
 * {@code commit-interval}, while at_least_once output also waits for the producer's linger, 100 ms
 * by default in Kafka Streams; presence changes are rare events, so the transaction overhead is
 * negligible; and after an unclean crash the task's state is rebuilt from its changelog, which
 * stays small because state is bounded by online users (below). Operators who prefer
 * at_least_once may set it and accept the window above.
 *
 * <p><b>State and its bounds</b> (all persistent key-value stores, changelogged, uncached):
 * <ul>
 *   <li>{@value #USER_STORE}: one {@code UserPresence} per user who is online, in their offline
 *       grace, or went offline less than {@link PresenceLimits#ENDED_TTL} ago; then it is deleted
 *       ({@link PresenceRules#forgettable}). Each holds at most {@code max-sessions-per-user} live
 *       sessions and {@link PresenceLimits#ENDED_MEMORY} ended ones, ids at most
 *       {@link PresenceEvents#MAX_ID_LENGTH} characters.</li>
 *   <li>{@value #SESSION_INDEX_STORE}: one entry per live session, key
 *       {@code gateway NUL user NUL session}, value its last event time; lets the sweep find a
 *       gateway's sessions with a prefix scan ({@link StoreKeys}).</li>
 *   <li>{@value #TIMER_STORE}: one entry per user without live sessions whose state is still kept,
 *       key {@code due-time NUL user}, so due work is one range scan.</li>
 *   <li>{@value #GATEWAY_STORE}: global, in memory, one heartbeat per gateway, rebuilt from the topic
 *       (1 h retention) at start-up; no changelog of its own.</li>
 * </ul>
 *
 * <p>Poison records on {@code presence}, and events that break the contract (key other than
 * user_id, empty or oversized ids), go to {@code presence.dlq} through the service's handlers;
 * unreadable heartbeats go to {@code gateway-liveness.dlq} through the global processor's own
 * producer ({@link LenientHeartbeatDeserializer} says why not the handlers).
 * Names of processors and stores are fixed so changelog topics keep their names.
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
