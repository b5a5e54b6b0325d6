package io.herald.chat.commands;

import io.herald.chat.readmodel.ConversationDoc;
import io.herald.events.DeliveryState;
import java.util.List;
import java.util.Map;

/**
 * Conversations' membership in memory, so a send or a receipt is checked without a MongoDB round
 * trip. Fed by the {@code delivery-state} tail a gateway already reads (every accepted change
 * carries the full member set) and by read-model look-ups on a miss. Like the read model it is a
 * fast, early answer; the conversation topology stays the authority and drops what it does not
 * accept.
 *
 * <p>A positive answer is used as is; a negative one is always re-checked against the read model
 * (the cache may have missed a join). A read-model document replaces an entry only when it is
 * newer by {@code lastSeq}, so projector lag cannot undo a change seen on the topic.
 *
 * <p>Bounded: beyond {@code capacity} conversations the least recently used is dropped (its next
 * command reads the read model). Thread-safe; O(1) per call under one lock.
 */
public final class MembershipCache {

  /** A cache that holds nothing: every check goes to the read model. */
  public static final MembershipCache NONE = new MembershipCache(0);

  private final int capacity;
  private final Map<String, ConversationDoc> entries;
  private long hits;
  private long misses;

  public MembershipCache(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0");
    }
    this.capacity = capacity;
    this.entries = new LruMap<>(capacity);
  }

  /** The cached conversation, or null. */
  public synchronized ConversationDoc get(String conversationId) {
    ConversationDoc d = entries.get(conversationId);
    if (d == null) {
      misses++;
    } else {
      hits++;
    }
    return d;
  }

  /** A document read from the read model: kept unless the cache already has a newer one. */
  public synchronized void offer(ConversationDoc doc) {
    if (capacity == 0) {
      return;
    }
    ConversationDoc current = entries.get(doc.id());
    if (current == null || doc.lastSeq() > current.lastSeq()) {
      entries.put(doc.id(), doc);
    }
  }

  /** The accepted state from {@code delivery-state}: the newest truth, replaces the entry. */
  public synchronized void accept(DeliveryState s) {
    if (capacity == 0) {
      return;
    }
    List<String> members = List.copyOf(s.getCursors().keySet());
    entries.put(s.getConversationId(), new ConversationDoc(s.getConversationId(), s.getKind(), s.getName(),
        s.getAdmins(), members, s.getLastSeq(), null, Map.of(), null));
  }

  /** A change this cache could not read (e.g. skipped undecoded): forget the conversation. */
  public synchronized void invalidate(String conversationId) {
    entries.remove(conversationId);
  }

  public synchronized int size() {
    return entries.size();
  }

  public synchronized long hits() {
    return hits;
  }

  public synchronized long misses() {
    return misses;
  }
}
