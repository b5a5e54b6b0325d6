package io.herald.chat.commands;

/** The same send (actor, conversation, clientMsgId) is still in progress elsewhere; retry shortly. HTTP 409. */
public final class ChatConflictException extends ChatException {

  public ChatConflictException(String message) {
    super(message);
  }
}
