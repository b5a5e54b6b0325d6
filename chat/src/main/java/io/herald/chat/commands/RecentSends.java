package io.herald.chat.commands;

import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * This instance's memory of recent sends, so the send path needs no MongoDB round trip: a retry
 * that reaches the same instance gets the first answer ({@code replayed}), a concurrent duplicate
 * waits for the first attempt instead of producing again, and a clientMsgId reused for other
 * content is refused. A retry that misses it (another instance, a restart, evicted) still gets the
 * same message id, because ids are derived from (actor, conversation, clientMsgId), and is not
 * processed twice: the conversation topology drops a repeated (sender, clientMsgId).
 *
 * <p>Bounded: beyond {@code capacity} sends the least recently used is forgotten (overflow policy:
 * evict; the topology's dedup remains). Thread-safe.
 */
public final class RecentSends {

  /** A send this instance accepted or is producing. */
  static final class Entry {
    final String fingerprint;
    private final Sinks.One<SendResult> result = Sinks.one();

    Entry(String fingerprint) {
      this.fingerprint = fingerprint;
    }

    /** The first attempt's answer (once it has one), as a retry sees it. */
    Mono<SendResult> replay() {
      return result.asMono().map(r -> new SendResult(r.messageId(), r.conversationId(), r.clientMsgId(), r.partition(),
          r.offset(), true));
    }

    void complete(SendResult r) {
      result.tryEmitValue(r);
    }

    void fail(Throwable e) {
      result.tryEmitError(e);
    }
  }

  private final int capacity;
  private final Map<String, Entry> entries;

  public RecentSends(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1");
    }
    this.capacity = capacity;
    this.entries = new LruMap<>(capacity);
  }

  /** The existing entry for {@code key}, or null after making {@code fresh} the entry. */
  synchronized Entry putIfAbsent(String key, Entry fresh) {
    Entry existing = entries.get(key);
    if (existing != null) {
      return existing;
    }
    entries.put(key, fresh);
    return null;
  }

  /** Forgets a failed attempt, so a retry produces again. */
  synchronized void remove(String key, Entry entry) {
    entries.remove(key, entry);
  }

  public synchronized int size() {
    return entries.size();
  }
}
