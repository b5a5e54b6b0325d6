package io.herald.processors.notifications;

import java.time.Duration;

/**
 * The rules' knobs, validated.
 *
 * @param pushWindow a conversation's first unread message opens a window; one push at its end covers them all
 * @param digestDelay how long a user must have been offline (and since their last digest) before a digest
 * @param digestCoalesce a digest waits at least this long after the message that schedules it, so a burst is one e-mail
 * @param sweepInterval wall-clock period of the punctuator that sends what is due
 * @param maxPendingConversations conversations tracked per user; beyond, the least recently active is forgotten
 * @param maxDevicesPerUser devices kept per user (oldest dropped), mirroring the ingest API's cap
 * @param previewLength characters of a message body kept as preview
 */
public record NotificationLimits(Duration pushWindow, Duration digestDelay, Duration digestCoalesce, Duration sweepInterval,
                                 int maxPendingConversations, int maxDevicesPerUser, int previewLength) {

  static final int MAX_UNREAD_SEQS = 100;
  static final int MAX_PREVIEWS = 3;
  static final int MAX_SENDERS = 5;
  static final int MAX_READ_CURSORS = 100;

  public static final NotificationLimits DEFAULTS = new NotificationLimits(Duration.ofSeconds(30), Duration.ofMinutes(15),
      Duration.ofSeconds(30), Duration.ofSeconds(1), 50, 10, 140);

  public NotificationLimits {
    positive("push-window", pushWindow);
    positive("sweep-interval", sweepInterval);
    if (digestDelay.isNegative() || digestCoalesce.isNegative()) {
      throw new IllegalArgumentException("digest-delay and digest-coalesce must not be negative");
    }
    if (maxPendingConversations < 1 || maxDevicesPerUser < 1 || previewLength < 0) {
      throw new IllegalArgumentException("max-pending-conversations and max-devices-per-user must be >= 1, preview-length >= 0");
    }
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
