package io.herald.gateway.presence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Who, among the users connected HERE, follows whose presence: user → {@link Watcher} (their
 * contacts and sockets) and the reverse, contact → watchers, which the presence reader looks a
 * changed user up in. Only users with a socket here are indexed; the whole index goes when they leave.
 *
 * <p>Contacts (users sharing a conversation) come from the read model when a user's first socket
 * opens, and again every {@code contacts-refresh} ({@link ContactLoader}); a {@code delivery-state}
 * record naming members adds the ones not yet known at once (a new conversation, a new member), so
 * presence flows from the first message. Removals wait for the next refresh: a former co-member keeps
 * seeing the user's presence for at most {@code contacts-refresh}.
 *
 * <p>Bound: {@code maxContacts} per connected user (the most recently active conversations first;
 * additions beyond it are ignored until a refresh), so the index is at most connected users ×
 * maxContacts entries.
 */
final class ContactIndex {

  private static final Watcher[] NONE = new Watcher[0];

  private final Map<String, Watcher> watchers = new ConcurrentHashMap<>();
  private final Map<String, Watcher[]> byContact = new ConcurrentHashMap<>();
  private final AtomicLong entries = new AtomicLong();
  private final int maxContacts;
  private final Predicate<String> known;

  /** @param known whether the table has a state for a user (contacts it does not know get no snapshot frame) */
  ContactIndex(int maxContacts, Predicate<String> known) {
    this.maxContacts = maxContacts;
    this.known = known;
  }

  /**
   * A socket of {@code userId} opened. If the user's contacts are loaded already (another device), the
   * socket gets their current presence at once; otherwise the load will send it.
   *
   * @return the user's watcher; the caller loads its contacts unless {@link Watcher#loaded} or loading
   */
  Watcher attach(String userId, PresenceOutbox outbox) {
    while (true) {
      Watcher w = watchers.computeIfAbsent(userId, Watcher::new);
      synchronized (w) {
        if (w.closed) {
          continue; // its last socket left just now: start afresh
        }
        PresenceOutbox[] current = w.outboxes;
        PresenceOutbox[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = outbox;
        w.outboxes = next;
        if (w.loaded) {
          markKnown(outbox, w.contacts);
        }
        return w;
      }
    }
  }

  /** A socket closed; its user's index entries go with their last socket. */
  void detach(String userId, PresenceOutbox outbox) {
    Watcher w = watchers.get(userId);
    if (w == null) {
      return;
    }
    synchronized (w) {
      w.outboxes = Arrays.stream(w.outboxes).filter(o -> o != outbox).toArray(PresenceOutbox[]::new);
      if (w.outboxes.length > 0 || w.closed) {
        return;
      }
      w.closed = true;
      watchers.remove(userId, w);
      w.contacts.forEach(c -> unwatch(c, w));
      w.contacts.clear();
    }
  }

  /**
   * The read model's answer for the user. The first load adds to what delivery-state may have added
   * meanwhile and tells every socket about every known contact; a refresh replaces the set (dropping
   * former contacts) and tells them only about the new ones.
   */
  void setContacts(Watcher w, Collection<String> loaded, long refreshAt) {
    synchronized (w) {
      if (w.closed) {
        return;
      }
      Set<String> next = new HashSet<>();
      if (!w.loaded) {
        next.addAll(w.contacts);
      }
      for (String c : loaded) {
        if (next.size() >= maxContacts) {
          break;
        }
        if (!c.equals(w.userId)) {
          next.add(c);
        }
      }
      List<String> added = new ArrayList<>();
      for (String c : next) {
        if (!w.contacts.contains(c)) {
          watch(c, w);
          added.add(c);
        }
      }
      for (String c : List.copyOf(w.contacts)) {
        if (!next.contains(c)) {
          unwatch(c, w);
        }
      }
      boolean first = !w.loaded;
      w.contacts.clear();
      w.contacts.addAll(next);
      w.loaded = true;
      w.refreshAt = refreshAt;
      for (PresenceOutbox o : w.outboxes) {
        markKnown(o, first ? next : added);
      }
    }
  }

  /** A conversation's current members (delivery-state): each connected member now follows the others. */
  void members(Collection<String> members) {
    for (String member : members) {
      Watcher w = watchers.get(member);
      if (w == null) {
        continue;
      }
      synchronized (w) {
        if (w.closed) {
          continue;
        }
        for (String other : members) {
          if (!other.equals(member) && w.contacts.size() < maxContacts && w.contacts.add(other)) {
            watch(other, w);
            for (PresenceOutbox o : w.outboxes) {
              markKnown(o, List.of(other));
            }
          }
        }
      }
    }
  }

  /** The user's presence changed: every socket here whose user follows them hears of it. Lock-free. */
  void changed(String userId) {
    Watcher[] ws = byContact.get(userId);
    if (ws == null) {
      return;
    }
    for (Watcher w : ws) {
      for (PresenceOutbox o : w.outboxes) {
        o.mark(userId);
      }
    }
  }

  /** Connected users whose contacts are due for a refresh (or whose last load failed). */
  List<Watcher> dueForRefresh(long now) {
    List<Watcher> due = new ArrayList<>();
    for (Watcher w : watchers.values()) {
      if (w.refreshAt <= now && !w.isLoading()) {
        due.add(w);
      }
    }
    return due;
  }

  int watchers() {
    return watchers.size();
  }

  /** Contact links held: at most connected users × maxContacts. */
  long entries() {
    return entries.get();
  }

  private void markKnown(PresenceOutbox outbox, Collection<String> contacts) {
    for (String c : contacts) {
      if (known.test(c)) {
        outbox.mark(c);
      }
    }
  }

  private void watch(String contact, Watcher w) {
    byContact.compute(contact, (c, current) -> {
      Watcher[] base = current == null ? NONE : current;
      Watcher[] next = Arrays.copyOf(base, base.length + 1);
      next[base.length] = w;
      return next;
    });
    entries.incrementAndGet();
  }

  private void unwatch(String contact, Watcher w) {
    byContact.computeIfPresent(contact, (c, current) -> {
      Watcher[] next = Arrays.stream(current).filter(x -> x != w).toArray(Watcher[]::new);
      return next.length == 0 ? null : next;
    });
    entries.decrementAndGet();
  }
}
