package io.herald.gateway.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.herald.chat.readmodel.MessageDoc;
import io.herald.events.Delivery;
import io.herald.events.DeliveryState;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A frame to a client; {@link FrameWriter} renders it as a JSON object whose first field is
 * {@code type}. Frames of other features ({@code presence}) come through {@link ChatObserver#opened},
 * rendered by their own package.
 */
sealed interface ServerFrame {

  String type();

  /** First frame of every connection. */
  record Welcome(String userId, String deviceId) implements ServerFrame {
    public String type() {
      return "welcome";
    }
  }

  /**
   * A message of one of the user's conversations. {@code senderDeviceId} lets the sending device drop
   * its own echo; it is absent on messages caught up from history, which does not keep it (match
   * those on {@code clientMsgId} or {@code messageId}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Message(String conversationId, long seq, String messageId, String clientMsgId, String senderId,
                 String senderDeviceId, String contentType, String body, Instant sentAt) implements ServerFrame {
    public String type() {
      return "message";
    }

    static Message of(Delivery d) {
      return new Message(d.getConversationId(), d.getSeq(), d.getMessageId(), d.getClientMsgId(), d.getSenderId(),
          d.getSenderDeviceId(), d.getContentType(), d.getBody(), d.getSentAt());
    }

    static Message of(MessageDoc m) {
      return new Message(m.conversationId(), m.seq(), m.messageId(), m.clientMsgId(), m.senderId(), null,
          m.contentType(), m.body(), m.sentAt());
    }
  }

  /** A send was accepted (or, {@code replayed}, had been before); its seq arrives with the message. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Sent(String ref, String clientMsgId, String messageId, String conversationId, boolean replayed)
      implements ServerFrame {
    public String type() {
      return "sent";
    }
  }

  /** A conversation's receipt cursors after a change: every member's delivered / read position. */
  record Receipt(String conversationId, long lastSeq, Map<String, Cursor> cursors) implements ServerFrame {
    public String type() {
      return "receipt";
    }

    static Receipt of(DeliveryState s) {
      Map<String, Cursor> cursors = new TreeMap<>();
      s.getCursors().forEach((user, c) -> cursors.put(user, new Cursor(c.getDeliveredUpTo(), c.getReadUpTo())));
      return new Receipt(s.getConversationId(), s.getLastSeq(), cursors);
    }
  }

  record Cursor(long deliveredUpTo, long readUpTo) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Error(String ref, String code, String field, String message) implements ServerFrame {
    public String type() {
      return "error";
    }
  }

  /** The access token behind the socket expired: send {@code reauth} with a fresh one before {@code deadline}. */
  record Reauth(String reason, Instant deadline) implements ServerFrame {
    public String type() {
      return "reauth";
    }
  }

  /** A {@code reauth} was accepted: the socket now lives until {@code expiresAt}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Reauthed(String ref, Instant expiresAt) implements ServerFrame {
    public String type() {
      return "reauthed";
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Pong(String ref) implements ServerFrame {
    public String type() {
      return "pong";
    }
  }
}
