package io.herald.gateway.chat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.reactive.socket.CloseStatus;

/**
 * The users connected to THIS gateway and their open connections (one per device socket). The
 * shared readers look a record's user up here and skip it, undecoded, when nobody is connected.
 * Per user the connections are an immutable array replaced on change: lookups on the readers'
 * threads never lock.
 *
 * <p>Per-user limit: adding a connection beyond {@code maxPerUser} closes that user's oldest ones
 * with {@link #REPLACED} (4008). The client of a replaced socket should not reconnect by itself: a
 * newer one of the same user took its place.
 */
final class ConnectionRegistry {

  static final CloseStatus REPLACED = new CloseStatus(4008, "replaced by a newer connection of this user");

  private static final ChatConnection[] NONE = new ChatConnection[0];

  private final Map<String, ChatConnection[]> byUser = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();
  private final int maxPerUser;

  ConnectionRegistry(int maxPerUser) {
    this.maxPerUser = maxPerUser;
  }

  /** From now on the connection receives its user's live items. */
  void add(ChatConnection connection) {
    List<ChatConnection> evicted = new ArrayList<>(1);
    byUser.compute(connection.userId(), (user, current) -> {
      ChatConnection[] base = current == null ? NONE : current;
      int drop = Math.max(0, base.length + 1 - maxPerUser);
      evicted.addAll(Arrays.asList(base).subList(0, drop)); // oldest first: arrays keep insertion order
      ChatConnection[] next = Arrays.copyOfRange(base, drop, base.length + 1);
      next[next.length - 1] = connection;
      return next;
    });
    open.incrementAndGet();
    evicted.forEach(c -> {
      remove(c);
      c.close(REPLACED, "replaced");
    });
  }

  /** Idempotent. */
  void remove(ChatConnection connection) {
    if (!connection.markUnregistered()) {
      return;
    }
    open.decrementAndGet();
    byUser.computeIfPresent(connection.userId(), (user, current) -> {
      ChatConnection[] next = Arrays.stream(current).filter(c -> c != connection).toArray(ChatConnection[]::new);
      return next.length == 0 ? null : next;
    });
  }

  /** The user's connections here, or null when none: callers skip the record without decoding it. */
  ChatConnection[] connectionsOf(String userId) {
    return byUser.get(userId);
  }

  boolean isEmpty() {
    return byUser.isEmpty();
  }

  int openConnections() {
    return open.get();
  }

  int connectedUsers() {
    return byUser.size();
  }

  /** Shutdown: every client reconnects (to another gateway) and resumes by seq. */
  void closeAll(CloseStatus status, String reason) {
    byUser.values().forEach(cs -> Arrays.stream(cs).forEach(c -> c.close(status, reason)));
  }
}
