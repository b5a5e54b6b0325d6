package io.herald.gateway.presence;

import io.herald.events.PresenceState;
import io.herald.events.PresenceStatus;
import java.time.Instant;
import java.util.List;

/**
 * One user's presence as the table keeps it: small (about 40 bytes plus the device ids), immutable,
 * with its {@code presence} frame rendered at most once however many sockets it goes to.
 */
final class PresenceView {

  private static final long NEVER = Long.MIN_VALUE;

  private final boolean online;
  private final List<String> devices;
  private final long lastSeenMs;
  private volatile String frame; // cache; a race renders it twice, identically

  private PresenceView(boolean online, List<String> devices, long lastSeenMs) {
    this.online = online;
    this.devices = devices;
    this.lastSeenMs = lastSeenMs;
  }

  static PresenceView of(PresenceState s) {
    boolean online = s.getStatus() == PresenceStatus.ONLINE;
    List<String> devices = online && s.getDevices() != null ? List.copyOf(s.getDevices()) : List.of();
    return new PresenceView(online, devices, s.getLastSeen() == null ? NEVER : s.getLastSeen().toEpochMilli());
  }

  /** A user the table does not know (never online, or forgotten): offline, never seen. */
  static PresenceView unknown() {
    return new PresenceView(false, List.of(), NEVER);
  }

  boolean online() {
    return online;
  }

  List<String> devices() {
    return devices;
  }

  /** Null when never seen. */
  Instant lastSeen() {
    return lastSeenMs == NEVER ? null : Instant.ofEpochMilli(lastSeenMs);
  }

  String cachedFrame() {
    return frame;
  }

  void cacheFrame(String json) {
    this.frame = json;
  }
}
