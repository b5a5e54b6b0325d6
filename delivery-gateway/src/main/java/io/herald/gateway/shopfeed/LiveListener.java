package io.herald.gateway.shopfeed;

/**
 * A connection's end of the live feed. Called on the live consumer's thread: implementations must
 * never block (hand the event to a bounded buffer and return).
 */
public interface LiveListener {

  void onEvent(FeedEvent event);

  /** The feed stopped (shutdown or fatal error): end the stream so the client reconnects elsewhere. */
  void onClose();
}
