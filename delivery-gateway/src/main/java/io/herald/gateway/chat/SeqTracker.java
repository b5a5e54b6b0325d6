package io.herald.gateway.chat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One connection's last emitted seq per conversation: what makes its message stream duplicate-free
 * and ordered. Not thread-safe: used only inside the connection's serial delivery pipeline.
 *
 * <p>Bounded: beyond {@code capacity} conversations the least recently used is forgotten. A
 * forgotten conversation starts again from the read model's delivered cursor, which may repeat
 * messages the client has (clients de-duplicate by conversationId + seq anyway); it takes a user
 * active in more than {@code capacity} conversations during one connection.
 */
final class SeqTracker {

  private final Map<String, Long> last;
  private long evictions;

  SeqTracker(int capacity) {
    this.last = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
        if (size() > capacity) {
          evictions++;
          return true;
        }
        return false;
      }
    };
  }

  OptionalLong last(String conversationId) {
    Long l = last.get(conversationId);
    return l == null ? OptionalLong.empty() : OptionalLong.of(l);
  }

  /** Starts tracking at {@code floor} (everything at or below it counts as emitted); the current position if tracked. */
  long startAt(String conversationId, long floor) {
    return last.computeIfAbsent(conversationId, c -> Math.max(0, floor));
  }

  /** Records {@code seq} as emitted if it is new (above the last); false for a duplicate or an older seq. */
  boolean advance(String conversationId, long seq) {
    Long l = last.get(conversationId);
    if (l != null && seq <= l) {
      return false;
    }
    last.put(conversationId, seq);
    return true;
  }

  int size() {
    return last.size();
  }

  long evictions() {
    return evictions;
  }
}
