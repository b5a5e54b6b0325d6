package io.herald.chat.commands;

/** No such conversation in the read model (or not yet: see {@link ChatLimits#readModelGrace()}). HTTP 404. */
public final class ConversationNotFoundException extends ChatException {

  private final String conversationId;

  public ConversationNotFoundException(String conversationId) {
    super("conversation " + conversationId + " not found");
    this.conversationId = conversationId;
  }

  public String conversationId() {
    return conversationId;
  }
}
