package io.herald.processors.routing;

import io.herald.processors.routing.state.RouteSession;
import io.herald.processors.routing.state.RouteSessions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules of one user's routed sessions, pure: a session is keyed by its session id alone (a
 * gateway that takes a new incarnation id re-announces the same session ids, which then replace
 * their old entries), kept oldest first and capped (the oldest dropped, as if ended).
 */
final class RouteTable {

  private final int maxSessions;

  RouteTable(int maxSessions) {
    if (maxSessions < 1) {
      throw new IllegalArgumentException("max-sessions-per-user must be at least 1");
    }
    this.maxSessions = maxSessions;
  }

  /** CONNECTED or HEARTBEAT of a routed session: (re)places it; an unrouted one (slot null) is removed. */
  RouteSessions alive(RouteSessions current, String sessionId, String gatewayId, Integer slot, long at) {
    List<RouteSession> sessions = without(current, sessionId);
    if (slot != null && slot >= 0) {
      sessions.add(new RouteSession(sessionId, gatewayId, slot, at));
      sessions.sort(Comparator.comparingLong(RouteSession::getSinceMs));
      while (sessions.size() > maxSessions) {
        sessions.remove(0);
      }
    }
    return orNull(sessions);
  }

  RouteSessions ended(RouteSessions current, String sessionId) {
    return orNull(without(current, sessionId));
  }

  /**
   * The presence topology found the user OFFLINE as of {@code lastSeen}: every session it knew had
   * ended or expired (its gateway died). Sessions announced after that instant are newer than the
   * verdict and stay.
   */
  RouteSessions offline(RouteSessions current, long lastSeen) {
    List<RouteSession> sessions = new ArrayList<>(current == null ? List.of() : current.getSessions());
    sessions.removeIf(s -> s.getSinceMs() <= lastSeen);
    return orNull(sessions);
  }

  /** The distinct slots holding a session of the user. */
  static Set<Integer> slots(RouteSessions current) {
    Set<Integer> slots = new TreeSet<>();
    if (current != null) {
      current.getSessions().forEach(s -> slots.add(s.getSlot()));
    }
    return slots;
  }

  private static List<RouteSession> without(RouteSessions current, String sessionId) {
    List<RouteSession> sessions = new ArrayList<>(current == null ? List.of() : current.getSessions());
    sessions.removeIf(s -> s.getSessionId().equals(sessionId));
    return sessions;
  }

  private static RouteSessions orNull(List<RouteSession> sessions) {
    return sessions.isEmpty() ? null : new RouteSessions(sessions);
  }
}
