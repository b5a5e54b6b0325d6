package io.herald.processors.chat;

import java.time.Duration;
import java.util.OptionalLong;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Remembers accepted sends by (conversation, sender, client_msg_id) for a bounded window, after
 * Confluent's EventDeduplication example: a window store whose segments Kafka Streams drops once
 * stream time passes the retention, so the store holds at most the sends of the last window
 * (plus one segment, i.e. up to 1.5x the window).
 *
 * <p>The conversation is part of the key because one task only sees its partitions'
 * conversations; a sender-wide check could not be enforced consistently anyway, and a client
 * reusing a per-conversation counter as client_msg_id must not lose messages.
 */
final class SendDedup {

  private final WindowStore<String, Long> store;
  private final long windowMs;

  SendDedup(WindowStore<String, Long> store, Duration window) {
    this.store = store;
    this.windowMs = window.toMillis();
  }

  /** The seq first assigned to this send if it was accepted within the window around {@code timestamp}. */
  OptionalLong firstSeq(String conversationId, String sender, String clientMsgId, long timestamp) {
    try (WindowStoreIterator<Long> it = store.fetch(key(conversationId, sender, clientMsgId),
        Math.max(0L, timestamp - windowMs), timestamp + windowMs)) {
      return it.hasNext() ? OptionalLong.of(it.next().value) : OptionalLong.empty();
    }
  }

  void remember(String conversationId, String sender, String clientMsgId, long timestamp, long seq) {
    store.put(key(conversationId, sender, clientMsgId), seq, timestamp);
  }

  /** Length-prefixed, so no choice of ids can make two different triples collide. */
  static String key(String conversationId, String sender, String clientMsgId) {
    return conversationId.length() + ":" + conversationId + sender.length() + ":" + sender + clientMsgId;
  }
}
