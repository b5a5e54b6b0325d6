package io.herald.gateway.shopfeed;

/**
 * A listener's place in the live feed.
 *
 * @param partition the shop's partition (of every shop topic)
 * @param start the feed position at registration: every event of the shop at or after it reaches
 *     the listener; events before it are the caller's to replay
 */
public record LiveRegistration(int partition, FeedPosition start, Runnable cancel) implements AutoCloseable {

  /** Idempotent. */
  @Override
  public void close() {
    cancel.run();
  }
}
