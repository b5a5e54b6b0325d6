package io.herald.chat.commands;

import io.herald.schemas.digest.Digests;
import java.util.HexFormat;
import java.util.UUID;

/** Conversation ids: deterministic for direct conversations, random for groups. */
public final class ConversationIds {

  public static final String DIRECT_PREFIX = "d_";
  public static final String GROUP_PREFIX = "g_";

  private ConversationIds() {}

  /**
   * {@code d_} + the first 24 hex digits (96 bits) of SHA-256("a|b") over the sorted pair: both
   * users, on any instance, derive the same id, so "create" twice is one conversation.
   */
  public static String direct(String userA, String userB) {
    String first = userA.compareTo(userB) <= 0 ? userA : userB;
    String second = first.equals(userA) ? userB : userA;
    return DIRECT_PREFIX + HexFormat.of().formatHex(Digests.sha256(first + "|" + second)).substring(0, 24);
  }

  public static String newGroup() {
    return GROUP_PREFIX + UUID.randomUUID().toString().replace("-", "");
  }

}
