package io.herald.processors.presence;

import io.herald.events.PresenceState;
import io.herald.events.PresenceStatus;
import io.herald.processors.presence.state.LiveSession;
import io.herald.processors.presence.state.UserPresence;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/** The public {@code presence-state} records. */
final class PresenceStates {

  private PresenceStates() {}

  /** Devices with a live session (sorted, so equal states look equal), last_seen = latest activity. */
  static PresenceState online(String userId, UserPresence user, long now) {
    TreeSet<String> devices = new TreeSet<>();
    for (LiveSession session : user.getSessions()) {
      devices.add(session.getDeviceId());
    }
    return state(userId, PresenceStatus.ONLINE, List.copyOf(devices), user.getLastSeenMs(), now);
  }

  /** No devices; last_seen = when the last session ended (or was last known alive, if it expired). */
  static PresenceState offline(String userId, UserPresence user, long now) {
    return state(userId, PresenceStatus.OFFLINE, List.of(), user.getLastSeenMs(), now);
  }

  private static PresenceState state(String userId, PresenceStatus status, List<String> devices, long lastSeenMs,
                                     long now) {
    return PresenceState.newBuilder()
        .setEventId(UUID.randomUUID())
        .setOccurredAt(Instant.ofEpochMilli(now))
        .setUserId(userId)
        .setStatus(status)
        .setDevices(devices)
        .setLastSeen(lastSeenMs > 0 ? Instant.ofEpochMilli(lastSeenMs) : null)
        .build();
  }
}
