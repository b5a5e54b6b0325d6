package io.herald.chat.readmodel;

import io.herald.events.ConversationKind;
import java.time.Instant;
import java.util.List;

/** One row of a user's conversation list. {@code unread} = lastSeq − that user's readUpTo, at least 0. */
public record ConversationSummary(String conversationId, ConversationKind kind, String name, List<String> members,
                                  long lastSeq, LastMessage lastMessage, long unread, Instant updatedAt) {

  static ConversationSummary of(ConversationDoc c, String userId) {
    return new ConversationSummary(c.id(), c.kind(), c.name(), c.members(), c.lastSeq(), c.lastMessage(),
        c.unreadFor(userId), c.updatedAt());
  }
}
