package io.herald.processors.presence;

import io.herald.events.PresenceState;
import io.herald.processors.presence.state.LiveSession;
import io.herald.processors.presence.state.UserPresence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Loads and saves one user's state, keeping the two helper stores in step with it: the session
 * index (which sessions each gateway holds) and the timers (when a user with no live session needs
 * the sweep). Every write goes through {@link #save}, so the three stores cannot drift apart
 * whichever rule changed the state.
 */
final class UserStore {

  /** A user's state as loaded, with what the index held for it then. */
  record Loaded(String userId, UserPresence state, boolean stored, Map<String, Long> indexed) {}

  private final KeyValueStore<String, UserPresence> users;
  private final KeyValueStore<String, Long> index;
  private final KeyValueStore<String, Long> timers;
  private final PresenceRules rules;

  UserStore(KeyValueStore<String, UserPresence> users, KeyValueStore<String, Long> index,
            KeyValueStore<String, Long> timers, PresenceRules rules) {
    this.users = users;
    this.index = index;
    this.timers = timers;
    this.rules = rules;
  }

  Loaded load(String userId) {
    UserPresence state = users.get(userId);
    if (state == null) {
      return new Loaded(userId, PresenceRules.newUser(), false, Map.of());
    }
    // the rules add and remove in place: make sure the lists are plain mutable ones
    state.setSessions(new ArrayList<>(state.getSessions()));
    state.setEnded(new ArrayList<>(state.getEnded()));
    return new Loaded(userId, state, true, indexEntries(userId, state));
  }

  /** Settles the status and writes state, index and timer; the state to emit if the status changed. */
  Optional<PresenceState> save(Loaded loaded, long now) {
    String userId = loaded.userId();
    UserPresence state = loaded.state();
    rules.pruneEnded(state, now);
    Optional<PresenceState> change = rules.settle(userId, state, now);
    reindex(loaded);
    refile(userId, state, rules.nextTimer(state));
    if (!rules.forgettable(state)) {
      users.put(userId, state);
    } else if (loaded.stored()) {
      users.delete(userId);
    }
    return change;
  }

  /** Drops an index entry whose user no longer has the session (only after a bug or a lost write). */
  void dropOrphan(String indexKey) {
    index.delete(indexKey);
  }

  /** Drops a timer that no longer matches its user's state. */
  void dropTimer(String timerKey) {
    timers.delete(timerKey);
  }

  private void reindex(Loaded loaded) {
    Map<String, Long> before = new HashMap<>(loaded.indexed());
    for (Map.Entry<String, Long> now : indexEntries(loaded.userId(), loaded.state()).entrySet()) {
      Long was = before.remove(now.getKey());
      if (!now.getValue().equals(was)) {
        index.put(now.getKey(), now.getValue());
      }
    }
    before.keySet().forEach(index::delete);
  }

  private void refile(String userId, UserPresence state, long due) {
    long filed = state.getTimerMs();
    if (due == filed) {
      return;
    }
    if (filed != 0) {
      timers.delete(StoreKeys.timer(filed, userId));
    }
    if (due != 0) {
      timers.put(StoreKeys.timer(due, userId), due);
    }
    state.setTimerMs(due);
  }

  private static Map<String, Long> indexEntries(String userId, UserPresence state) {
    Map<String, Long> entries = new HashMap<>();
    for (LiveSession s : state.getSessions()) {
      entries.put(StoreKeys.session(s.getGatewayId(), userId, s.getSessionId()), s.getLastEventAtMs());
    }
    return entries;
  }
}
