package io.herald.processors.presence;

import io.herald.events.GatewayHeartbeat;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the sessions of this task that are dead at {@code now}, reading the session index gateway
 * by gateway: one seek per gateway that holds sessions here, and the sessions of a gateway are read
 * only when that gateway is not beating. A sweep therefore costs O(gateways), not O(users), while
 * every gateway is healthy. Sessions of older gateways that never beat are read on every sweep:
 * their own HEARTBEATs are the only evidence.
 */
final class SilentGatewaySweep {

  /** One session to expire; {@code lastSeen} is the best knowledge of when it was last alive. */
  record Expiry(String userId, String gatewayId, String sessionId, String indexKey, long lastSeen) {}

  private static final Logger log = LoggerFactory.getLogger(SilentGatewaySweep.class);

  private final KeyValueStore<String, Long> index;
  private final KeyValueStore<String, GatewayHeartbeat> gateways;
  private final Liveness liveness;
  private final int batch;
  private final StringSerializer prefixSerializer = new StringSerializer();

  SilentGatewaySweep(KeyValueStore<String, Long> index, KeyValueStore<String, GatewayHeartbeat> gateways,
                     Liveness liveness, int batch) {
    this.index = index;
    this.gateways = gateways;
    this.liveness = liveness;
    this.batch = batch;
  }

  /** Up to {@code batch} sessions dead at {@code now}. */
  List<Expiry> find(long now) {
    List<Expiry> dead = new ArrayList<>();
    String from = null; // null: from the first key
    String gateway;
    while (dead.size() < batch && (gateway = firstGatewayFrom(from)) != null) {
      GatewayHeartbeat beat = gateways.get(gateway);
      if (!liveness.gatewayAlive(beat, now)) {
        int before = dead.size();
        collect(gateway, beat, now, dead);
        if (dead.size() > before && beat != null) { // a gateway died: worth telling operators
          log.info("gateway {} silent since {}: {} session(s) of this task expire now", gateway,
              beat.getOccurredAt(), dead.size() - before);
        } else if (dead.size() > before) { // sessions of an older gateway that stopped heart-beating: routine
          log.debug("gateway {} (never beating): {} session(s) expire now", gateway, dead.size() - before);
        }
      }
      from = StoreKeys.afterGateway(gateway);
    }
    return dead;
  }

  private String firstGatewayFrom(String from) {
    try (KeyValueIterator<String, Long> it = index.range(from, null)) {
      return it.hasNext() ? StoreKeys.parseSession(it.next().key)[0] : null;
    }
  }

  private void collect(String gateway, GatewayHeartbeat beat, long now, List<Expiry> dead) {
    try (KeyValueIterator<String, Long> it = index.prefixScan(StoreKeys.gatewayPrefix(gateway), prefixSerializer)) {
      while (it.hasNext() && dead.size() < batch) {
        KeyValue<String, Long> entry = it.next();
        if (liveness.expired(beat, entry.value, now)) {
          String[] parts = StoreKeys.parseSession(entry.key);
          dead.add(new Expiry(parts[1], gateway, parts[2], entry.key, liveness.lastSeen(beat, entry.value, now)));
        }
      }
    }
  }
}
