package io.herald.notifier;

import io.herald.events.NotificationRequest;

/** One way of reaching a user. Implementations block (they run on the notifier's own sending thread, never an event loop). */
public interface Channel {

  /** Metric tag: {@code push}, {@code email} or {@code outbox}. */
  String name();

  /**
   * Sends {@code request}, skipping what {@code progress} says already went out in an earlier
   * attempt and recording what goes out now; throws when something is left to retry or cannot be sent.
   */
  void send(NotificationRequest request, Progress progress) throws SendFailure;
}
