package io.herald.ingest.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.chat.commands.ChatConflictException;
import io.herald.chat.commands.ChatForbiddenException;
import io.herald.chat.commands.ChatValidationException;
import io.herald.chat.commands.ConversationNotFoundException;
import io.herald.web.problem.FieldError;
import io.herald.ingest.web.Problems;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

class ChatErrorsTest {

  private static ProblemDetail problem(RuntimeException e) {
    return Problems.of(e).detail();
  }

  @Test
  void validationIs400NamingTheFieldAsThisApiCallsIt() {
    ProblemDetail pd = problem(ChatErrors.toApi(new ChatValidationException("otherUserId", "must be another user"),
        Map.of("otherUserId", "userId")));
    assertThat(pd.getStatus()).isEqualTo(400);
    assertThat(pd.getProperties()).containsEntry("errors", List.of(new FieldError("userId", "must be another user")));
  }

  @Test
  void forbiddenNotFoundAndConflictKeepTheirMeaning() {
    assertThat(problem(ChatErrors.toApi(new ChatForbiddenException("members only"))).getStatus()).isEqualTo(403);
    ProblemDetail missing = problem(ChatErrors.toApi(new ConversationNotFoundException("g_1")));
    assertThat(missing.getStatus()).isEqualTo(404);
    assertThat(missing.getProperties()).containsEntry("conversationId", "g_1");
    assertThat(problem(ChatErrors.toApi(new ChatConflictException("in progress"))).getStatus()).isEqualTo(409);
  }
}
