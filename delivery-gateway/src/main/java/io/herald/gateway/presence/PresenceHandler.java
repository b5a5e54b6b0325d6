package io.herald.gateway.presence;

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

/**
 * {@code GET /v1/users/{userId}/presence}: the user's {@code {userId, status, devices, lastSeen}} for
 * the user themself and their contacts. Anyone else gets 404, the same answer as for a user who does
 * not exist, so the endpoint cannot be used to probe for accounts. 503 while the table is still
 * being read from the topic (an answer then could say "offline" for an online user).
 */
final class PresenceHandler {

  private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private final ConversationReadModel readModel;
  private final PresenceTable table;
  private final PresenceFeed feed;

  PresenceHandler(ConversationReadModel readModel, PresenceTable table,
                  PresenceFeed feed) {
    this.readModel = readModel;
    this.table = table;
    this.feed = feed;
  }

  Mono<ServerResponse> presence(ServerRequest request) {
    String target = request.pathVariable("userId");
    return caller(request).flatMap(caller -> allowed(caller, target)
        .onErrorMap(MongoException.class, e -> unavailable())
        .flatMap(ok -> {
          if (!ok) {
            return Mono.error(ProblemException.notFound("No such user."));
          }
          if (!feed.isLoaded()) {
            return Mono.error(unavailable());
          }
          return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noStore())
              .bodyValue(PresenceJson.body(target, table.getOrUnknown(target)));
        }));
  }

  private Mono<Boolean> allowed(String caller, String target) {
    if (caller.equals(target)) {
      return Mono.just(true);
    }
    if (target.isEmpty() || target.length() > PresenceStateDispatcher.MAX_ID_LENGTH) {
      return Mono.just(false);
    }
    return readModel.shareAConversation(caller, target);
  }

  /** The caller (access tokens only, as the history API: tickets are for opening sockets). */
  private Mono<String> caller(ServerRequest request) {
    return Mono.fromSupplier(() -> HeraldWebSecurity.principal(request).userId());
  }

  private static ProblemException unavailable() {
    return ProblemException.unavailable("Presence is temporarily unavailable.", RETRY_AFTER);
  }
}
