package io.herald.gateway.chat;

import java.util.Collection;
import reactor.core.publisher.Flux;

/**
 * What another feature of the gateway (presence) learns from the chat sockets, and the frames it adds
 * to them. The chat package knows nothing else about it. Every method is called on a Netty or
 * Kafka-reader thread and must neither block nor throw.
 */
public interface ChatObserver {

  ChatObserver NONE = new ChatObserver() {};

  /**
   * A socket opened. The returned frames (JSON text) are merged into its output after the
   * {@code welcome}, as fast as the client reads, and cancelled when it closes.
   */
  default Flux<String> opened(ChatSession session) {
    return Flux.empty();
  }

  /** Exactly once per {@link #opened} socket, whatever closed it (client, overflow, idle, replaced, shutdown). */
  default void closed(ChatSession session) {}

  /**
   * A conversation's current members, from a {@code delivery-state} record of which at least one
   * member is connected here; on the delivery-state reader's thread.
   */
  default void members(String conversationId, Collection<String> members) {}
}
