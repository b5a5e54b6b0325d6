package io.herald.ingest.conversations;

import io.herald.chat.ChatSettings;
import io.herald.auth.HeraldPrincipal;
import io.herald.chat.commands.ChatCommands;
import io.herald.chat.commands.ChatException;
import io.herald.chat.commands.CreateResult;
import io.herald.ingest.accounts.AccountDirectory;
import io.herald.ingest.idempotency.Idempotency;
import io.herald.ingest.idempotency.IdempotencyKey;
import io.herald.ingest.idempotency.IdempotentResponses;
import io.herald.ingest.idempotency.RequestFingerprint;
import io.herald.ingest.idempotency.StoredResponse;
import io.herald.ingest.web.FieldErrors;
import io.herald.web.problem.ValidationException;
import io.herald.auth.web.HeraldWebSecurity;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creating conversations and changing their members: parse, check that named users are registered,
 * call {@link ChatCommands} as the caller. Membership rules (only members add, only admins or the
 * member themself remove) are the library's.
 */
@Component
class ConversationHandler {

  private static final String CREATE_ROUTE = "POST /v1/conversations";
  /** The library's name for a direct conversation's other user is this API's {@code userId}. */
  private static final Map<String, String> CREATE_FIELDS = Map.of("otherUserId", "userId");

  private final ChatCommands commands;
  private final AccountDirectory accounts;
  private final CreateConversationValidator validator;
  private final Idempotency idempotency;
  private final JsonMapper json;

  ConversationHandler(ChatCommands commands, AccountDirectory accounts, ChatSettings settings, Idempotency idempotency,
                      JsonMapper json) {
    this.commands = commands;
    this.accounts = accounts;
    this.validator = new CreateConversationValidator(settings);
    this.idempotency = idempotency;
    this.json = json;
  }

  /**
   * 201 with the conversation; a direct one that already exists is 200 with the same id. A group is
   * new on every call, so a retried create needs an Idempotency-Key to get the first group back.
   */
  Mono<ServerResponse> create(ServerRequest request) {
    return Mono.defer(() -> {
      HeraldPrincipal caller = HeraldWebSecurity.principal(request);
      var key = IdempotencyKey.from(request);
      return body(request, CreateConversationRequest.class)
          .flatMap(r -> {
            String type = validator.validate(r);
            // The reserved id is not used: the library mints group ids itself.
            return idempotency.execute(caller.userId(), CREATE_ROUTE, key, RequestFingerprint.of(CREATE_ROUTE, r),
                reserved -> (CreateConversationValidator.DIRECT.equals(type)
                    ? createDirect(caller.userId(), r.userId())
                    : createGroup(caller.userId(), r))
                    .onErrorMap(ChatException.class, e -> ChatErrors.toApi(e, CREATE_FIELDS)));
          })
          .flatMap(IdempotentResponses::render);
    });
  }

  Mono<ServerResponse> addMember(ServerRequest request) {
    return Mono.defer(() -> {
      String actor = HeraldWebSecurity.principal(request).userId();
      String conversationId = request.pathVariable("conversationId");
      return body(request, AddMemberRequest.class)
          .flatMap(r -> {
            if (r.userId() == null || r.userId().isEmpty()) {
              throw ValidationException.of("userId", "is required");
            }
            return requireRegistered(List.of(r.userId()), i -> "userId")
                .then(commands.addMember(actor, conversationId, r.userId()));
          })
          .onErrorMap(ChatException.class, ChatErrors::toApi)
          .flatMap(ConversationHandler::accepted);
    });
  }

  Mono<ServerResponse> removeMember(ServerRequest request) {
    return Mono.defer(() -> commands.removeMember(HeraldWebSecurity.principal(request).userId(),
            request.pathVariable("conversationId"), request.pathVariable("userId")))
        .onErrorMap(ChatException.class, ChatErrors::toApi)
        .flatMap(ConversationHandler::accepted);
  }

  private Mono<StoredResponse> createDirect(String actor, String other) {
    List<String> members = actor.compareTo(other) < 0 ? List.of(actor, other) : List.of(other, actor);
    return requireRegistered(List.of(other), i -> "userId")
        .then(commands.createDirect(actor, other))
        .map(c -> stored(c.created() ? HttpStatus.CREATED : HttpStatus.OK, view(c, null, members, List.of())));
  }

  private Mono<StoredResponse> createGroup(String actor, CreateConversationRequest r) {
    // As the library orders them: the creator first, then the others without duplicates.
    LinkedHashSet<String> members = new LinkedHashSet<>(List.of(actor));
    members.addAll(r.members());
    return requireRegistered(r.members(), i -> "members[" + i + "]")
        .then(commands.createGroup(actor, r.name(), r.members()))
        .map(c -> stored(HttpStatus.CREATED, view(c, r.name().strip(), List.copyOf(members), List.of(actor))));
  }

  /** 400 naming each of {@code userIds} (by {@code field(index)}) that is not a live account. */
  private Mono<Void> requireRegistered(List<String> userIds, IntFunction<String> field) {
    return accounts.registered(Set.copyOf(userIds)).handle((found, sink) -> {
      FieldErrors errors = new FieldErrors();
      for (int i = 0; i < userIds.size(); i++) {
        errors.check(found.contains(userIds.get(i)), field.apply(i), "is not a registered user");
      }
      if (errors.isEmpty()) {
        sink.complete();
      } else {
        sink.error(new ValidationException(errors.list()));
      }
    });
  }

  private static ConversationView view(CreateResult c, String name, List<String> members, List<String> admins) {
    return new ConversationView(c.conversationId(), c.kind().name().toLowerCase(java.util.Locale.ROOT), name, members,
        admins);
  }

  private StoredResponse stored(HttpStatus status, Object body) {
    return new StoredResponse(status.value(), json.writeValueAsString(body));
  }

  private static Mono<ServerResponse> accepted(Object body) {
    return ServerResponse.accepted().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
  }

  static <T> Mono<T> body(ServerRequest request, Class<T> type) {
    return request.bodyToMono(type).switchIfEmpty(Mono.error(() -> ValidationException.of("body", "is required")));
  }
}
