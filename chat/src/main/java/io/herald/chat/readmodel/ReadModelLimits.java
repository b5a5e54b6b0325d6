package io.herald.chat.readmodel;

/**
 * Bounds of the read model's answers, so no query grows with a user's history.
 *
 * @param maxPage largest page of messages or conversations one call returns
 * @param maxConversationsPerUser most conversations {@code conversationsOf} and {@code contactsOf} look at (newest first)
 * @param maxContacts most distinct contacts {@code contactsOf} returns
 */
public record ReadModelLimits(int maxPage, int maxConversationsPerUser, int maxContacts) {

  public static final ReadModelLimits DEFAULTS = new ReadModelLimits(100, 1000, 2000);

  public ReadModelLimits {
    if (maxPage < 1 || maxConversationsPerUser < 1 || maxContacts < 1) {
      throw new IllegalArgumentException("read model limits must be positive");
    }
  }

  /** Clamps a requested page size into [1, maxPage]. */
  int page(int requested) {
    return Math.max(1, Math.min(requested, maxPage));
  }
}
