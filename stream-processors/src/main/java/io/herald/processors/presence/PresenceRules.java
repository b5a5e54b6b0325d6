package io.herald.processors.presence;

import io.herald.events.PresenceEvent;
import io.herald.events.PresenceState;
import io.herald.processors.presence.state.EndedSession;
import io.herald.processors.presence.state.LiveSession;
import io.herald.processors.presence.state.UserPresence;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What happens to one user's state, free of stores and Kafka (the tracker and the sweep persist it).
 * A session is identified by (gateway_id, session_id): gateways number sessions independently.
 *
 * <ul>
 *   <li>CONNECTED or HEARTBEAT: the session is alive. An unknown session is created (so a HEARTBEAT
 *       recreates one this processor never saw connect), unless it ended recently (late event) or
 *       its gateway is already presumed dead (stale replay); a known one only moves forward in time
 *       (duplicates and reordered events change nothing).</li>
 *   <li>DISCONNECTED: the session ends, known or not, and is remembered as ended so a late
 *       CONNECTED or HEARTBEAT cannot resurrect it.</li>
 *   <li>Expiry (silent gateway) removes the session but does not remember it as ended: a disconnect
 *       is a fact, an expiry a presumption, so a gateway that was only cut off from Kafka can
 *       restore its sessions by announcing them again.</li>
 *   <li>Status: ONLINE while any session lives; OFFLINE when the last one goes, at once or after
 *       {@code offline-grace} if none returns meanwhile. Only a change of status is emitted.</li>
 * </ul>
 */
final class PresenceRules {

  enum Outcome { APPLIED, IGNORED_ENDED, IGNORED_NOT_NEWER, IGNORED_STALE }

  private final PresenceLimits limits;
  private final long endedTtlMs = PresenceLimits.ENDED_TTL.toMillis();

  PresenceRules(PresenceLimits limits) {
    this.limits = limits;
  }

  static UserPresence newUser() {
    return UserPresence.newBuilder().setSessions(new ArrayList<>()).setEnded(new ArrayList<>()).build();
  }

  /**
   * CONNECTED or HEARTBEAT at {@code at}.
   *
   * @param stale the session's gateway and the event are both older than the timeout
   */
  Outcome alive(UserPresence user, PresenceEvent event, long at, boolean stale, long now) {
    String gateway = event.getGatewayId();
    String session = event.getSessionId();
    if (endedIndex(user, gateway, session) >= 0) {
      return Outcome.IGNORED_ENDED;
    }
    List<LiveSession> sessions = user.getSessions();
    int i = sessionIndex(user, gateway, session);
    if (i >= 0) {
      LiveSession known = sessions.get(i);
      if (at <= known.getLastEventAtMs()) {
        return Outcome.IGNORED_NOT_NEWER;
      }
      sessions.set(i, LiveSession.newBuilder(known).setLastEventAtMs(at).build());
    } else {
      if (stale) {
        return Outcome.IGNORED_STALE;
      }
      if (sessions.size() >= limits.maxSessionsPerUser()) {
        evictLeastRecent(user, now);
      }
      sessions.add(new LiveSession(gateway, session, event.getDeviceId(), at, at));
    }
    user.setLastSeenMs(Math.max(user.getLastSeenMs(), at));
    return Outcome.APPLIED;
  }

  /** DISCONNECTED at {@code at}: final, whatever the order it arrives in. */
  void disconnected(UserPresence user, String gateway, String session, long at, long now) {
    int i = sessionIndex(user, gateway, session);
    if (i >= 0) {
      user.getSessions().remove(i);
    }
    rememberEnded(user, gateway, session, now);
    user.setLastSeenMs(Math.max(user.getLastSeenMs(), at));
  }

  /** Expiry of a session whose gateway went silent; false if the user had no such session. */
  boolean expire(UserPresence user, String gateway, String session, long lastSeen) {
    int i = sessionIndex(user, gateway, session);
    if (i < 0) {
      return false;
    }
    user.getSessions().remove(i);
    user.setLastSeenMs(Math.max(user.getLastSeenMs(), lastSeen));
    return true;
  }

  void pruneEnded(UserPresence user, long now) {
    user.getEnded().removeIf(e -> e.getEndedAtMs() + endedTtlMs <= now);
  }

  /** Applies the status rule; the state to emit when the status changes. */
  Optional<PresenceState> settle(String userId, UserPresence user, long now) {
    if (!user.getSessions().isEmpty()) {
      user.setOfflineDueMs(0L); // a session came back within the grace: nothing to say
      if (!user.getOnline()) {
        user.setOnline(true);
        return Optional.of(PresenceStates.online(userId, user, now));
      }
    } else if (user.getOnline()) {
      if (user.getOfflineDueMs() == 0 && !limits.offlineGrace().isZero()) {
        user.setOfflineDueMs(now + limits.offlineGrace().toMillis());
      } else if (now >= user.getOfflineDueMs()) {
        user.setOnline(false);
        user.setOfflineDueMs(0L);
        return Optional.of(PresenceStates.offline(userId, user, now));
      }
    }
    return Optional.empty();
  }

  /**
   * When the state next needs the sweep's attention without any event: a pending OFFLINE, or the
   * moment every remembered end has aged out and the state can go. 0: no timer (live sessions
   * expire through the session index instead).
   */
  long nextTimer(UserPresence user) {
    if (!user.getSessions().isEmpty()) {
      return 0L;
    }
    if (user.getOfflineDueMs() != 0) {
      return user.getOfflineDueMs();
    }
    long newestEnd = user.getEnded().stream().mapToLong(EndedSession::getEndedAtMs).max().orElse(0L);
    return newestEnd == 0 ? 0L : newestEnd + endedTtlMs;
  }

  /**
   * A user offline with nothing left to remember is dropped from the store, so state stays
   * proportional to the users online (plus those offline for less than the ended-session TTL), not
   * to every user ever seen. Forgetting changes nothing observable: the next session emits ONLINE,
   * as it would have from OFFLINE.
   */
  boolean forgettable(UserPresence user) {
    return user.getSessions().isEmpty() && !user.getOnline() && user.getOfflineDueMs() == 0
        && user.getEnded().isEmpty();
  }

  private void evictLeastRecent(UserPresence user, long now) {
    List<LiveSession> sessions = user.getSessions();
    int oldest = 0;
    for (int i = 1; i < sessions.size(); i++) {
      if (sessions.get(i).getLastEventAtMs() < sessions.get(oldest).getLastEventAtMs()) { // strict: first wins ties
        oldest = i;
      }
    }
    LiveSession evicted = sessions.remove(oldest);
    // remembered as ended, or its next HEARTBEAT would recreate it and evict another, round and round
    rememberEnded(user, evicted.getGatewayId(), evicted.getSessionId(), now);
  }

  private static void rememberEnded(UserPresence user, String gateway, String session, long now) {
    if (endedIndex(user, gateway, session) >= 0) {
      return;
    }
    List<EndedSession> ended = user.getEnded();
    ended.add(new EndedSession(gateway, session, now));
    while (ended.size() > PresenceLimits.ENDED_MEMORY) {
      ended.remove(0);
    }
  }

  private static int sessionIndex(UserPresence user, String gateway, String session) {
    List<LiveSession> sessions = user.getSessions();
    for (int i = 0; i < sessions.size(); i++) {
      if (sessions.get(i).getSessionId().equals(session) && sessions.get(i).getGatewayId().equals(gateway)) {
        return i;
      }
    }
    return -1;
  }

  private static int endedIndex(UserPresence user, String gateway, String session) {
    List<EndedSession> ended = user.getEnded();
    for (int i = 0; i < ended.size(); i++) {
      if (ended.get(i).getSessionId().equals(session) && ended.get(i).getGatewayId().equals(gateway)) {
        return i;
      }
    }
    return -1;
  }
}
