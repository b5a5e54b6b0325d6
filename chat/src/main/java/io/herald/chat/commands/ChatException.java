package io.herald.chat.commands;

/**
 * A command refused for a reason the caller can act on. Subclasses map to HTTP statuses / WebSocket
 * error frames. No stack trace: these are answers, not bugs.
 */
public abstract class ChatException extends RuntimeException {

  protected ChatException(String message) {
    super(message, null, false, false);
  }
}
