package io.herald.chat.commands;

import io.herald.schemas.text.Text;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Checks command arguments against {@link ChatLimits}; each failure names the offending field. */
final class CommandValidator {

  /**
   * User and conversation ids: they become MongoDB field names (cursors.&lt;userId&gt;) and parts of
   * idempotency keys joined by '|', so no '.', '$' or '|'. UUIDs and Firebase uids fit.
   */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_\\-:@+=]+");

  private final ChatLimits limits;

  CommandValidator(ChatLimits limits) {
    this.limits = limits;
  }

  String id(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw new ChatValidationException(field, "is required");
    }
    if (value.length() > limits.maxIdChars()) {
      throw new ChatValidationException(field, "must be at most " + limits.maxIdChars() + " characters");
    }
    if (!ID.matcher(value).matches()) {
      throw new ChatValidationException(field, "may contain only letters, digits and _-:@+=");
    }
    return value;
  }

  /** Optional device id: free text, but short and printable. */
  String deviceId(String value) {
    if (value == null) {
      return null;
    }
    return text("deviceId", value, limits.maxIdChars());
  }

  String clientMsgId(String value) {
    return text("clientMsgId", value, limits.maxClientMsgIdChars());
  }

  String contentType(String value) {
    if (value == null || !limits.contentTypes().contains(value)) {
      throw new ChatValidationException("contentType", "must be one of " + limits.contentTypes().stream().sorted().toList());
    }
    return value;
  }

  String body(String value) {
    if (value == null || value.isEmpty()) {
      throw new ChatValidationException("body", "is required");
    }
    // Cheap bound first: a char is at most 3 UTF-8 bytes, so only long strings need counting.
    if (value.length() > limits.maxBodyBytes() || (value.length() * 3L > limits.maxBodyBytes()
        && Text.utf8Length(value) > limits.maxBodyBytes())) {
      throw new ChatValidationException("body", "must be at most " + limits.maxBodyBytes() + " bytes of UTF-8");
    }
    return value;
  }

  String groupName(String value) {
    String name = value == null ? "" : value.strip();
    if (name.isEmpty()) {
      throw new ChatValidationException("name", "is required");
    }
    if (name.codePointCount(0, name.length()) > limits.maxNameChars()) {
      throw new ChatValidationException("name", "must be at most " + limits.maxNameChars() + " characters");
    }
    if (Text.hasControlCharacter(name)) {
      throw new ChatValidationException("name", "must not contain control characters");
    }
    return name;
  }

  /** The group's members: the creator first, then the others, without duplicates. */
  List<String> members(String actor, Collection<String> others) {
    if (others == null) {
      throw new ChatValidationException("members", "is required");
    }
    if (others.size() > limits.maxGroupMembers()) {  // before looking at each: bounded work for huge lists
      throw new ChatValidationException("members", "a group has at most " + limits.maxGroupMembers() + " members");
    }
    LinkedHashSet<String> all = new LinkedHashSet<>();
    all.add(actor);
    for (String m : others) {
      all.add(id("members", m));
    }
    if (all.size() > limits.maxGroupMembers()) {
      throw new ChatValidationException("members", "a group has at most " + limits.maxGroupMembers() + " members");
    }
    return List.copyOf(all);
  }

  long upToSeq(long value) {
    if (value < 0) {
      throw new ChatValidationException("upToSeq", "must be 0 or more");
    }
    return value;
  }

  private static String text(String field, String value, int maxChars) {
    if (value == null || value.isEmpty()) {
      throw new ChatValidationException(field, "is required");
    }
    if (value.length() > maxChars) {
      throw new ChatValidationException(field, "must be at most " + maxChars + " characters");
    }
    if (Text.hasControlCharacter(value)) {
      throw new ChatValidationException(field, "must not contain control characters");
    }
    return value;
  }
}
