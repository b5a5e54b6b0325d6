package io.herald.processors.routing;

import io.herald.processors.routing.state.RouteSessions;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Copies each {@code inbox} record (key = recipient) to the slots holding a routed session of the
 * recipient, key, value, headers and timestamp unchanged; a recipient with none gets no route (an
 * offline user is reached by the notifications, a returning one by the read-model catch-up).
 */
final class InboxRouter implements Processor<String, byte[], String, Routed> {

  private ProcessorContext<String, Routed> context;
  private KeyValueStore<String, RouteSessions> store;

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
    this.store = context.getStateStore(RoutingTopology.SESSION_STORE);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null || record.value() == null) {
      return;
    }
    Set<Integer> slots = RouteTable.slots(store.get(record.key()));
    if (!slots.isEmpty()) {
      context.forward(record.withValue(new Routed(slots, record.value())));
    }
  }
}
