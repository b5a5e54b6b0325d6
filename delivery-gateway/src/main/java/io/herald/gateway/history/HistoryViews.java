package io.herald.gateway.history;

import io.herald.chat.readmodel.ConversationSummary;
import io.herald.chat.readmodel.LastMessage;
import io.herald.chat.readmodel.MessageDoc;
import java.time.Instant;
import java.util.List;

/** The JSON bodies of the history API (its contract, decoupled from the read model's records). */
final class HistoryViews {

  private HistoryViews() {}

  record ConversationList(List<ConversationView> conversations) {}

  /** {@code unread} = messages after the caller's read cursor. */
  record ConversationView(String conversationId, String kind, String name, List<String> members, long lastSeq,
                          LastMessageView lastMessage, long unread, Instant updatedAt) {
    static ConversationView of(ConversationSummary s) {
      return new ConversationView(s.conversationId(), s.kind() == null ? null : s.kind().name(), s.name(), s.members(),
          s.lastSeq(), LastMessageView.of(s.lastMessage()), s.unread(), s.updatedAt());
    }
  }

  record LastMessageView(long seq, String messageId, String senderId, String preview, Instant sentAt) {
    static LastMessageView of(LastMessage m) {
      return m == null ? null : new LastMessageView(m.seq(), m.messageId(), m.senderId(), m.preview(), m.sentAt());
    }
  }

  /** Newest first; {@code nextBefore} is the {@code before} of the next (older) page, null at the start. */
  record MessagePage(String conversationId, List<MessageView> messages, Long nextBefore) {}

  record MessageView(long seq, String messageId, String clientMsgId, String senderId, String contentType, String body,
                     Instant sentAt) {
    static MessageView of(MessageDoc m) {
      return new MessageView(m.seq(), m.messageId(), m.clientMsgId(), m.senderId(), m.contentType(), m.body(), m.sentAt());
    }
  }
}
