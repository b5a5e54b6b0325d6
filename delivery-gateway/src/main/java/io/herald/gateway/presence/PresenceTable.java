package io.herald.gateway.presence;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's copy of {@code presence-state}: user → presence, written by the one presence-state
 * reader, read lock-free by sockets and the endpoint. About 200 bytes per user.
 *
 * <p>Bounded to {@code maxUsers}. Overflow policy: the least recently changed OFFLINE user is
 * forgotten (shown from then on as unknown: offline, no lastSeen), since the compacted topic holds
 * every user ever seen and most are offline. ONLINE users are never evicted; when every tracked
 * user is online, a user new to the table is not stored (counted as untracked) until room frees.
 */
final class PresenceTable {

  private final Map<String, PresenceView> entries = new ConcurrentHashMap<>();
  /** Offline users, least recently changed first; reader thread only. */
  private final LinkedHashSet<String> offline = new LinkedHashSet<>();
  private final int maxUsers;
  private final PresenceMetrics metrics;
  private volatile int size;

  PresenceTable(int maxUsers, PresenceMetrics metrics) {
    this.maxUsers = maxUsers;
    this.metrics = metrics;
  }

  /** Null when unknown. */
  PresenceView get(String userId) {
    return entries.get(userId);
  }

  /** Never null. */
  PresenceView getOrUnknown(String userId) {
    PresenceView v = entries.get(userId);
    return v == null ? PresenceView.unknown() : v;
  }

  boolean contains(String userId) {
    return entries.containsKey(userId);
  }

  int size() {
    return size;
  }

  /**
   * The reader's thread only. {@code view} null: a tombstone, the user is forgotten.
   *
   * @return whether what the table says about the user changed (then their watchers hear of it)
   */
  boolean apply(String userId, PresenceView view) {
    if (view == null) {
      offline.remove(userId);
      boolean removed = entries.remove(userId) != null;
      size = entries.size();
      return removed;
    }
    if (!entries.containsKey(userId) && entries.size() >= maxUsers && !evictOneOffline()) {
      metrics.untracked();
      return false;
    }
    entries.put(userId, view);
    offline.remove(userId); // re-added last: the order is by latest change
    if (!view.online()) {
      offline.add(userId);
    }
    size = entries.size();
    return true;
  }

  private boolean evictOneOffline() {
    Iterator<String> oldest = offline.iterator();
    if (!oldest.hasNext()) {
      return false;
    }
    entries.remove(oldest.next());
    oldest.remove();
    metrics.evicted();
    return true;
  }
}
