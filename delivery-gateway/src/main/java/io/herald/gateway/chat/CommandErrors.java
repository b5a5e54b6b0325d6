package io.herald.gateway.chat;

import io.herald.chat.commands.ChatConflictException;
import io.herald.chat.commands.ChatForbiddenException;
import io.herald.chat.commands.ChatValidationException;
import io.herald.chat.commands.ConversationNotFoundException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a failed chat command into the {@code error} frame its client gets; never shows internals. */
final class CommandErrors {

  private static final Logger log = LoggerFactory.getLogger(CommandErrors.class);

  private CommandErrors() {}

  static ServerFrame.Error toFrame(String ref, Throwable e) {
    if (e instanceof ChatValidationException v) {
      return new ServerFrame.Error(ref, ErrorCode.BAD_REQUEST.wire(), v.field(), v.reason());
    }
    if (e instanceof ChatForbiddenException) {
      return new ServerFrame.Error(ref, ErrorCode.FORBIDDEN.wire(), "conversationId", e.getMessage());
    }
    if (e instanceof ConversationNotFoundException) {
      return new ServerFrame.Error(ref, ErrorCode.NOT_FOUND.wire(), "conversationId", e.getMessage());
    }
    if (e instanceof ChatConflictException) {
      return new ServerFrame.Error(ref, ErrorCode.CONFLICT.wire(), "clientMsgId", e.getMessage());
    }
    if (e instanceof TimeoutException) {
      log.warn("chat command timed out");
      return new ServerFrame.Error(ref, ErrorCode.INTERNAL.wire(), null, "timed out; retry with the same clientMsgId");
    }
    log.warn("chat command failed", e);
    return new ServerFrame.Error(ref, ErrorCode.INTERNAL.wire(), null, "could not be processed; retry with the same clientMsgId");
  }
}
