package io.herald.chat.commands;

import java.util.LinkedHashMap;
import java.util.Map;

/** An access-ordered map that drops its least recently used entry beyond {@code capacity}. Not thread-safe. */
final class LruMap<K, V> extends LinkedHashMap<K, V> {

  private final int capacity;

  LruMap(int capacity) {
    super(Math.max(16, Math.min(capacity, 1024)), 0.75f, true);
    this.capacity = capacity;
  }

  @Override
  protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
    return size() > capacity;
  }
}
