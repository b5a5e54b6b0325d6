package io.herald.chat.commands;

/** A command argument is invalid; {@link #field()} names it as the client sent it. HTTP 400. */
public final class ChatValidationException extends ChatException {

  private final String field;

  public ChatValidationException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }

  /** The message without the field prefix, for a problem+json field error. */
  public String reason() {
    return getMessage().substring(field.length() + 2);
  }
}
