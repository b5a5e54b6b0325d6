package io.herald.processors.presence;

import io.herald.events.GatewayHeartbeat;
import io.herald.events.PresenceEvent;
import io.herald.events.PresenceState;
import io.herald.processors.presence.state.UserPresence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a user's presence events in topic order and, every {@code sweep-interval} of wall-clock
 * time, expires the sessions of silent gateways and emits OFFLINEs whose grace ran out. Wall
 * clock, not stream time: stream time only moves when events arrive, and a dead gateway sends
 * none. Emits a {@link PresenceState} only when a user's status changes (see {@link PresenceRules}).
 *
 * <p>A sweep handles at most {@code sweepBatch} expiries and as many timers, so one punctuation
 * (and, under exactly-once, one transaction) stays short even when a gateway with a hundred
 * thousand sessions dies; the rest follow one sweep-interval later.
 */
final class PresenceTracker implements Processor<String, PresenceEvent, String, PresenceState> {

  private static final Logger log = LoggerFactory.getLogger(PresenceTracker.class);

  private final PresenceLimits limits;
  private final int sweepBatch;
  private final PresenceRules rules;
  private final Liveness liveness;
  private ProcessorContext<String, PresenceState> context;
  private KeyValueStore<String, GatewayHeartbeat> gateways;
  private UserStore users;
  private SilentGatewaySweep sweep;
  private KeyValueStore<String, Long> timers;

  PresenceTracker(PresenceLimits limits, int sweepBatch) {
    this.limits = limits;
    this.sweepBatch = sweepBatch;
    this.rules = new PresenceRules(limits);
    this.liveness = new Liveness(limits.gatewayTimeout());
  }

  @Override
  public void init(ProcessorContext<String, PresenceState> context) {
    this.context = context;
    this.gateways = context.getStateStore(PresenceTopology.GATEWAY_STORE);
    KeyValueStore<String, UserPresence> states = context.getStateStore(PresenceTopology.USER_STORE);
    KeyValueStore<String, Long> index = context.getStateStore(PresenceTopology.SESSION_INDEX_STORE);
    this.timers = context.getStateStore(PresenceTopology.TIMER_STORE);
    this.users = new UserStore(states, index, timers, rules);
    this.sweep = new SilentGatewaySweep(index, gateways, liveness, sweepBatch);
    context.schedule(limits.sweepInterval(), PunctuationType.WALL_CLOCK_TIME, this::sweep);
  }

  @Override
  public void process(Record<String, PresenceEvent> record) {
    PresenceEvent event = record.value();
    PresenceEvents.validate(record.key(), event);
    long now = context.currentSystemTimeMs();
    // a gateway clock ahead of ours must not stretch a session's life
    long at = Math.min(event.getOccurredAt().toEpochMilli(), now);
    UserStore.Loaded user = users.load(record.key());
    rules.pruneEnded(user.state(), now);
    PresenceRules.Outcome outcome = switch (event.getKind()) {
      case CONNECTED, HEARTBEAT -> rules.alive(user.state(), event, at,
          liveness.expired(gateways.get(event.getGatewayId()), at, now), now);
      case DISCONNECTED -> {
        rules.disconnected(user.state(), event.getGatewayId(), event.getSessionId(), at, now);
        yield PresenceRules.Outcome.APPLIED;
      }
    };
    if (outcome != PresenceRules.Outcome.APPLIED) {
      log.debug("{} {} of user {} session {}/{}: nothing to change", outcome, event.getKind(), record.key(),
          event.getGatewayId(), event.getSessionId());
      return; // nothing written: duplicates and late events cost no changelog traffic
    }
    users.save(user, now).ifPresent(state -> emit(state, now));
  }

  private void sweep(long now) {
    expireSilentSessions(now);
    fireTimers(now);
  }

  private void expireSilentSessions(long now) {
    Map<String, List<SilentGatewaySweep.Expiry>> byUser = new LinkedHashMap<>();
    for (SilentGatewaySweep.Expiry expiry : sweep.find(now)) {
      byUser.computeIfAbsent(expiry.userId(), u -> new ArrayList<>()).add(expiry);
    }
    byUser.forEach((userId, expiries) -> {
      UserStore.Loaded user = users.load(userId);
      for (SilentGatewaySweep.Expiry e : expiries) {
        if (!rules.expire(user.state(), e.gatewayId(), e.sessionId(), e.lastSeen())) {
          users.dropOrphan(e.indexKey());
        }
      }
      users.save(user, now).ifPresent(state -> emit(state, now));
    });
  }

  private void fireTimers(long now) {
    List<String> due = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = timers.range(null, StoreKeys.timersDueBy(now))) {
      while (it.hasNext() && due.size() < sweepBatch) {
        due.add(it.next().key);
      }
    }
    for (String key : due) {
      UserStore.Loaded user = users.load(StoreKeys.timerUser(key));
      if (!user.stored() || !StoreKeys.timer(user.state().getTimerMs(), user.userId()).equals(key)) {
        users.dropTimer(key); // stale entry: the state moved on without it
        continue;
      }
      users.save(user, now).ifPresent(state -> emit(state, now));
    }
  }

  private void emit(PresenceState state, long now) {
    context.forward(new Record<>(state.getUserId(), state, now));
  }
}
