package io.herald.gateway.presence;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A user connected to this gateway, as the {@link ContactIndex} sees them: their contacts (shared by
 * all their sockets here, loaded once) and one {@link PresenceOutbox} per socket. Mutable state is
 * guarded by the watcher's monitor; {@link #outboxes} is replaced, never changed, so the presence
 * reader walks it without a lock.
 */
final class Watcher {

  private static final PresenceOutbox[] NONE = new PresenceOutbox[0];

  final String userId;
  final Set<String> contacts = new HashSet<>();
  volatile PresenceOutbox[] outboxes = NONE;
  volatile boolean loaded;
  boolean closed;
  /** When the contacts should next be re-read (epoch ms). */
  volatile long refreshAt;
  private final AtomicBoolean loading = new AtomicBoolean();

  Watcher(String userId) {
    this.userId = userId;
  }

  /** True for the one caller that gets to load the contacts now. */
  boolean startLoading() {
    return loading.compareAndSet(false, true);
  }

  void doneLoading() {
    loading.set(false);
  }

  boolean isLoading() {
    return loading.get();
  }
}
