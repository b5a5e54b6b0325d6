package io.herald.notifier;

import java.util.HashSet;
import java.util.Set;

/** What one request's earlier attempts already achieved (per device), so a retry sends only the rest. Per request, one thread. */
public final class Progress {

  private final Set<String> done = new HashSet<>();
  private final Set<String> pruned = new HashSet<>();

  public boolean done(String part) {
    return done.contains(part) || pruned.contains(part);
  }

  public void sent(String part) {
    done.add(part);
  }

  /** The device's token is dead (FCM UNREGISTERED / INVALID_ARGUMENT): never retried, removed from the user. */
  public void pruned(String part) {
    pruned.add(part);
  }

  public int sentCount() {
    return done.size();
  }
}
