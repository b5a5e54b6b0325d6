package io.herald.processors.routing;

import io.herald.processors.routing.state.RouteSessions;
import io.herald.schemas.serde.AvroSerde;
import io.herald.schemas.topics.Topics;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Routes deliveries to the gateways that hold their recipient: each {@code inbox} record is copied
 * to the {@code inbox-routes} partition of every gateway slot with a live session of the recipient,
 * so a routed gateway reads one partition instead of all of {@code inbox}.
 *
 * <pre>
 * presence ───────► routing-sessions ──┐
 * presence-state ─► routing-offline ───┤ [routing-sessions]  (user → session → slot)
 * inbox ──────────► routing-inbox ─────┴─► inbox-routes  (partition = slot mod partitions)
 * </pre>
 *
 * At-least-once, never decoding a delivery; the gateway drops repeats by seq. Decision, guarantees
 * and failure modes: docs/architecture.md, "Routing deliveries to the gateway that holds the user".
 * Names of processors and stores are fixed so the changelog keeps its name.
 */
public final class RoutingTopology {

  public static final String PRESENCE_SOURCE = "routing-presence-source";
  public static final String STATE_SOURCE = "routing-presence-state-source";
  public static final String INBOX_SOURCE = "routing-inbox-source";
  public static final String SESSIONS = "routing-sessions";
  public static final String OFFLINE = "routing-offline";
  public static final String ROUTER = "routing-inbox";
  public static final String SINK = "routing-inbox-routes-sink";
  public static final String SESSION_STORE = "routing-sessions";

  private RoutingTopology() {}

  public static Topology build(int maxSessionsPerUser) {
    RouteTable table = new RouteTable(maxSessionsPerUser);
    Topology topology = new Topology();
    topology.addSource(PRESENCE_SOURCE, Topics.PRESENCE.keySerde().deserializer(),
        Topics.PRESENCE.valueSerde().deserializer(), Topics.PRESENCE.name());
    topology.addSource(STATE_SOURCE, Topics.PRESENCE_STATE.keySerde().deserializer(),
        Topics.PRESENCE_STATE.valueSerde().deserializer(), Topics.PRESENCE_STATE.name());
    topology.addSource(INBOX_SOURCE, Topics.INBOX.keySerde().deserializer(), new ByteArrayDeserializer(),
        Topics.INBOX.name());
    topology.addProcessor(SESSIONS, () -> new SessionRecorder(table), PRESENCE_SOURCE);
    topology.addProcessor(OFFLINE, () -> new OfflineRecorder(table), STATE_SOURCE);
    topology.addProcessor(ROUTER, InboxRouter::new, INBOX_SOURCE);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SESSION_STORE), Serdes.String(),
        AvroSerde.of(RouteSessions.class)), SESSIONS, OFFLINE, ROUTER);
    topology.addSink(SINK, Topics.INBOX_ROUTES.name(), Topics.INBOX_ROUTES.keySerde().serializer(), Routed.SERIALIZER,
        new SlotPartitioner(), ROUTER);
    return topology;
  }
}
