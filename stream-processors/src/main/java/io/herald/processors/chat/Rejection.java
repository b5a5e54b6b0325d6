package io.herald.processors.chat;

import java.util.Locale;

/**
 * Why a conversation command or receipt was not applied. Each one is counted (metric
 * {@value RejectionCounter#METRIC} in group {@value RejectionCounter#GROUP}, tag {@code reason})
 * and logged at DEBUG, so nothing is dropped without a trace. Some are benign by design
 * (idempotent repeats, stale receipts); the metric tells them apart from abuse.
 */
public enum Rejection {
  /** Null value, or the value's conversation_id differs from the record key (state is keyed by the key). */
  MALFORMED,
  /** Event for a conversation that was never (validly) created. */
  UNKNOWN_CONVERSATION,
  /** Second ConversationCreated for an existing id: ignored, 1:1 ids are deterministic. */
  ALREADY_EXISTS,
  /** Created with bad members: DIRECT without exactly 2 distinct, GROUP empty, creator or an admin not a member. */
  INVALID_MEMBERS,
  /** A GROUP would exceed {@link ConversationLimits#maxMembers()}. */
  GROUP_FULL,
  /** The actor is not a member: only members may add members or send. */
  ACTOR_NOT_MEMBER,
  /** Removal by someone who is neither an admin nor the member themself. */
  NOT_ALLOWED,
  /** Join or leave on a DIRECT conversation, whose two members are fixed. */
  DIRECT_MEMBERSHIP_FIXED,
  /** Join of someone already a member: idempotent no-op. */
  ALREADY_MEMBER,
  /** Leave of a non-member (idempotent no-op), or a receipt from a non-member. */
  NOT_A_MEMBER,
  /** (sender, client_msg_id) already accepted within the dedup window: a client retry. */
  DUPLICATE_MESSAGE,
  /** Receipt that would not move the cursor (cursors only move forward). */
  STALE_RECEIPT;

  /** Metric tag form, e.g. {@code actor-not-member}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
