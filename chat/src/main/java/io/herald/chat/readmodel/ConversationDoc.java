package io.herald.chat.readmodel;

import io.herald.events.ConversationKind;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * A conversation as the read model holds it ({@code conversations} collection): the accepted state
 * from {@code delivery-state} plus the newest message from {@code inbox}.
 *
 * @param lastMessage null until a message was projected
 * @param cursors keyed by member user id; its keys are exactly {@code members}
 * @param updatedAt last activity (newest message, or creation when there is none); null when unknown
 */
public record ConversationDoc(String id, ConversationKind kind, String name, List<String> admins, List<String> members,
                              long lastSeq, LastMessage lastMessage, Map<String, CursorDoc> cursors, Instant updatedAt) {

  // Stored field names, shared with the projector that writes them.
  public static final String KIND = "kind";
  public static final String NAME = "name";
  public static final String ADMINS = "admins";
  public static final String MEMBERS = "members";
  public static final String LAST_SEQ = "lastSeq";
  public static final String LAST_MESSAGE = "lastMessage";
  public static final String CURSORS = "cursors";
  public static final String UPDATED_AT = "updatedAt";
  /** The delivery-state offset of the applied state: the projector's compare-and-set token. */
  public static final String STATE_OFFSET = "stateOffset";

  public ConversationDoc {
    admins = admins == null ? List.of() : List.copyOf(admins);
    members = members == null ? List.of() : List.copyOf(members);
    cursors = cursors == null ? Map.of() : Map.copyOf(cursors);
  }

  public boolean isMember(String userId) {
    return cursors.containsKey(userId) || members.contains(userId);
  }

  public boolean isAdmin(String userId) {
    return admins.contains(userId);
  }

  /** A member's cursors; zeros for a member without any yet. */
  public CursorDoc cursorOf(String userId) {
    return cursors.getOrDefault(userId, CursorDoc.ZERO);
  }

  /** Messages after the user's read cursor; never negative. */
  public long unreadFor(String userId) {
    return Math.max(0, lastSeq - cursorOf(userId).readUpTo());
  }

  public static ConversationDoc fromDocument(Document d) {
    String kind = d.getString(KIND);
    Document last = d.get(LAST_MESSAGE, Document.class);
    Document cursorDocs = d.get(CURSORS, Document.class);
    Map<String, CursorDoc> cursors = new LinkedHashMap<>();
    if (cursorDocs != null) {
      cursorDocs.forEach((user, c) -> {
        if (c instanceof Document cd) {
          cursors.put(user, CursorDoc.fromDocument(cd));
        }
      });
    }
    return new ConversationDoc(d.getString("_id"), kind == null ? null : ConversationKind.valueOf(kind),
        d.getString(NAME), Docs.strings(d, ADMINS), Docs.strings(d, MEMBERS), Docs.longOr(d, LAST_SEQ, 0),
        last == null ? null : LastMessage.fromDocument(last), cursors, Docs.instantOrNull(d, UPDATED_AT));
  }
}
