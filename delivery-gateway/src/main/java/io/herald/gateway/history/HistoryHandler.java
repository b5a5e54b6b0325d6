package io.herald.gateway.history;

import com.mongodb.MongoException;
import io.herald.chat.readmodel.ConversationReadModel;
import io.herald.web.problem.ProblemException;
import io.herald.auth.web.HeraldWebSecurity;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** The history endpoints: the caller's conversations, and a member's page of one conversation's messages. */
final class HistoryHandler {

  static final int DEFAULT_CONVERSATIONS = 20;
  static final int DEFAULT_MESSAGES = 50;
  private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private final ConversationReadModel readModel;
  private final int maxPage;

  HistoryHandler(ConversationReadModel readModel) {
    this.readModel = readModel;
    this.maxPage = readModel.limits().maxPage();
  }

  /** {@code GET /v1/conversations?limit=}: latest activity first, each with its last message and unread count. */
  Mono<ServerResponse> conversations(ServerRequest request) {
    return user(request).flatMap(userId -> {
      int limit = PageParams.limit(request, DEFAULT_CONVERSATIONS, maxPage);
      return readModel.listForUser(userId, limit).map(HistoryViews.ConversationView::of).collectList()
          .onErrorMap(MongoException.class, HistoryHandler::unavailable)
          .flatMap(list -> ok(new HistoryViews.ConversationList(list)));
    });
  }

  /**
   * {@code GET /v1/conversations/{id}/messages?before=&limit=}: newest first, seqs below {@code before};
   * 404 for an unknown conversation, 403 for one the caller is not a member of.
   */
  Mono<ServerResponse> messages(ServerRequest request) {
    String conversationId = request.pathVariable("conversationId");
    return user(request).flatMap(userId -> {
      Long before = PageParams.before(request);
      int limit = PageParams.limit(request, DEFAULT_MESSAGES, maxPage);
      return readModel.findConversation(conversationId)
          .switchIfEmpty(Mono.error(() -> ProblemException.notFound("No such conversation.")))
          .flatMap(c -> c.isMember(userId)
              ? readModel.messagesBefore(conversationId, before, c.lastSeq(), limit)
              : Mono.<ConversationReadModel.MessagePage>error(ProblemException.forbidden("Only members may read this conversation.")))
          .onErrorMap(MongoException.class, HistoryHandler::unavailable)
          .flatMap(page -> ok(new HistoryViews.MessagePage(conversationId,
              page.messages().stream().map(HistoryViews.MessageView::of).toList(), page.nextBefore())));
    });
  }

  /** The caller (the security chain admits access tokens only here: a ticket is for opening a socket). */
  private Mono<String> user(ServerRequest request) {
    return Mono.fromSupplier(() -> HeraldWebSecurity.principal(request).userId());
  }

  private static Mono<ServerResponse> ok(Object body) {
    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noStore())
        .bodyValue(body);
  }

  private static ProblemException unavailable(Throwable e) {
    return ProblemException.unavailable("History is temporarily unavailable.", RETRY_AFTER);
  }
}
