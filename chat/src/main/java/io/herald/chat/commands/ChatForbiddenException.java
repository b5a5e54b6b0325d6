package io.herald.chat.commands;

/** The actor may not do this in this conversation (not a member, not an admin). HTTP 403. */
public final class ChatForbiddenException extends ChatException {

  public ChatForbiddenException(String message) {
    super(message);
  }
}
