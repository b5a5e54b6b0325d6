package io.herald.processors.chat;

import java.time.Duration;

/**
 * Bounds of the conversation topology's state.
 *
 * @param dedupWindow how long (record time) an accepted (sender, client_msg_id) is remembered;
 *     a retry later than this is treated as a new message
 * @param maxMembers cap on a GROUP's members: one conversation's state, and the DeliveryState
 *     emitted on each change, grow linearly with it and must stay well under the 1 MB record limit
 */
public record ConversationLimits(Duration dedupWindow, int maxMembers) {

  public static final ConversationLimits DEFAULTS = new ConversationLimits(Duration.ofHours(24), 256);

  public ConversationLimits {
    if (dedupWindow.isNegative() || dedupWindow.isZero()) {
      throw new IllegalArgumentException("dedupWindow must be positive: " + dedupWindow);
    }
    if (maxMembers < 2) {
      throw new IllegalArgumentException("maxMembers must be at least 2: " + maxMembers);
    }
  }
}
