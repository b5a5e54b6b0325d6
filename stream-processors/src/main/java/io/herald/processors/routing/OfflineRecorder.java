package io.herald.processors.routing;

import io.herald.events.PresenceState;
import io.herald.events.PresenceStatus;
import io.herald.processors.routing.state.RouteSessions;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Forgets the sessions an OFFLINE on {@code presence-state} declares over: how routes of a killed
 * gateway (which sends no DISCONNECTED) end, and what keeps the store proportional to users online.
 */
final class OfflineRecorder implements Processor<String, PresenceState, Void, Void> {

  private final RouteTable table;
  private KeyValueStore<String, RouteSessions> store;

  OfflineRecorder(RouteTable table) {
    this.table = table;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(RoutingTopology.SESSION_STORE);
  }

  @Override
  public void process(Record<String, PresenceState> record) {
    PresenceState state = record.value();
    if (record.key() == null || state == null || state.getStatus() != PresenceStatus.OFFLINE) {
      return;
    }
    RouteSessions current = store.get(record.key());
    if (current == null) {
      return;
    }
    Instant lastSeen = state.getLastSeen() != null ? state.getLastSeen() : state.getOccurredAt();
    RouteSessions next = table.offline(current, lastSeen.toEpochMilli());
    if (next == null) {
      store.delete(record.key());
    } else if (next.getSessions().size() != current.getSessions().size()) {
      store.put(record.key(), next);
    }
  }
}
