package io.herald.ingest.conversations;

import io.herald.chat.ChatSettings;
import io.herald.ingest.web.FieldErrors;
import java.util.List;
import java.util.Locale;

/**
 * The shape of a create request, checked before any member is looked up, so that look-up stays
 * bounded. Id formats, name rules and the creator's own membership are the chat library's to check.
 */
final class CreateConversationValidator {

  static final String DIRECT = "direct";
  static final String GROUP = "group";

  private final ChatSettings limits;

  CreateConversationValidator(ChatSettings limits) {
    this.limits = limits;
  }

  /** Returns the type, {@link #DIRECT} or {@link #GROUP}; 400 listing every problem otherwise. */
  String validate(CreateConversationRequest r) {
    FieldErrors errors = new FieldErrors();
    String type = r.type() == null ? "" : r.type().toLowerCase(Locale.ROOT);
    if (DIRECT.equals(type)) {
      errors.text("userId", r.userId(), limits.maxIdChars());
      errors.check(r.members() == null && r.name() == null, "type", "a direct conversation has no name or members");
    } else if (GROUP.equals(type)) {
      members(errors, r.members());
      errors.check(r.userId() == null, "userId", "is for direct conversations; name a group's members in members");
    } else {
      errors.add("type", "must be direct or group");
    }
    errors.throwIfAny();
    return type;
  }

  private void members(FieldErrors errors, List<String> members) {
    if (members == null) {
      errors.add("members", "is required");
      return;
    }
    if (members.size() > limits.maxGroupMembers()) {  // the exact total (creator included) is the library's rule
      errors.add("members", "a group has at most " + limits.maxGroupMembers() + " members");
      return;
    }
    for (int i = 0; i < members.size(); i++) {
      errors.text("members[" + i + "]", members.get(i), limits.maxIdChars());
    }
  }
}
