package io.herald.notifier;

import io.herald.events.NotificationRequest;

/** Title and body of a push, by the configured preview mode (full text, sender only, or nothing). */
public final class PushContent {

  private final NotifierSettings.PreviewMode mode;

  public PushContent(NotifierSettings.PreviewMode mode) {
    this.mode = mode;
  }

  public String title(NotificationRequest r) {
    if (mode == NotifierSettings.PreviewMode.NONE) {
      return "Herald";
    }
    String sender = r.getSenderName() != null ? r.getSenderName() : "someone";
    return r.getMessageCount() <= 1 ? sender : r.getMessageCount() + " new messages from " + sender;
  }

  public String body(NotificationRequest r) {
    return switch (mode) {
      case FULL -> r.getPreview();
      case SENDER -> r.getMessageCount() <= 1 ? "New message" : r.getMessageCount() + " new messages";
      case NONE -> r.getMessageCount() <= 1 ? "You have a new message" : "You have " + r.getMessageCount() + " new messages";
    };
  }
}
