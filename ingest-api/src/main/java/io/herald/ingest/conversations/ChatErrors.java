package io.herald.ingest.conversations;

import io.herald.chat.commands.ChatConflictException;
import io.herald.chat.commands.ChatException;
import io.herald.chat.commands.ChatForbiddenException;
import io.herald.chat.commands.ChatValidationException;
import io.herald.chat.commands.ConversationNotFoundException;
import io.herald.web.problem.ProblemException;
import io.herald.web.problem.ValidationException;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** The chat library's refusals as this API's problem+json answers: 400, 403, 404, 409. */
final class ChatErrors {

  private ChatErrors() {}

  /**
   * @param fieldNames the library's argument names that this endpoint calls otherwise (its
   *     {@code otherUserId} is a create request's {@code userId})
   */
  static RuntimeException toApi(ChatException e, Map<String, String> fieldNames) {
    if (e instanceof ChatValidationException v) {
      return ValidationException.of(fieldNames.getOrDefault(v.field(), v.field()), v.reason());
    }
    if (e instanceof ChatForbiddenException) {
      return ProblemException.forbidden(e.getMessage());
    }
    if (e instanceof ConversationNotFoundException nf) {
      return new ProblemException(HttpStatus.NOT_FOUND, e.getMessage()).with("conversationId", nf.conversationId());
    }
    if (e instanceof ChatConflictException) {
      return ProblemException.conflict(e.getMessage());
    }
    return e;
  }

  static RuntimeException toApi(ChatException e) {
    return toApi(e, Map.of());
  }
}
