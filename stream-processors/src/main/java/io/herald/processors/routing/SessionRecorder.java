package io.herald.processors.routing;

import io.herald.events.PresenceEvent;
import io.herald.processors.routing.state.RouteSessions;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Applies the gateways' session events ({@code presence}) to the user's routed sessions. */
final class SessionRecorder implements Processor<String, PresenceEvent, Void, Void> {

  private final RouteTable table;
  private KeyValueStore<String, RouteSessions> store;

  SessionRecorder(RouteTable table) {
    this.table = table;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(RoutingTopology.SESSION_STORE);
  }

  @Override
  public void process(Record<String, PresenceEvent> record) {
    PresenceEvent e = record.value();
    String user = record.key();
    if (e == null || user == null || !user.equals(e.getUserId()) || e.getSessionId().isEmpty()) {
      return; // the presence topology dead-letters contract breaches; routing only ignores them
    }
    RouteSessions current = store.get(user);
    RouteSessions next = switch (e.getKind()) {
      case CONNECTED, HEARTBEAT -> table.alive(current, e.getSessionId(), e.getGatewayId(), e.getRouteSlot(),
          e.getOccurredAt().toEpochMilli());
      case DISCONNECTED -> table.ended(current, e.getSessionId());
    };
    if (next == null) {
      if (current != null) {
        store.delete(user);
      }
    } else {
      store.put(user, next);
    }
  }
}
