package io.herald.ingest.conversations;

import io.herald.chat.commands.ChatCommands;
import io.herald.chat.commands.ChatException;
import io.herald.events.ReceiptKind;
import io.herald.ingest.idempotency.IdempotencyKey;
import io.herald.web.problem.ValidationException;
import io.herald.auth.web.HeraldWebSecurity;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Sends and receipts, as the caller, answered 202 once the broker acknowledged the record. A send
 * is idempotent by clientMsgId through the library's own ledger, so a retry replays the first
 * answer (marked {@code Idempotent-Replayed}) and produces nothing.
 */
@Component
class MessageHandler {

  private static final String DEFAULT_CONTENT_TYPE = "text/plain";

  private final ChatCommands commands;

  MessageHandler(ChatCommands commands) {
    this.commands = commands;
  }

  Mono<ServerResponse> send(ServerRequest request) {
    return Mono.defer(() -> {
      String actor = HeraldWebSecurity.principal(request).userId();
      String conversationId = request.pathVariable("conversationId");
      Optional<String> key = IdempotencyKey.from(request);
      return ConversationHandler.body(request, SendMessageRequest.class)
          .flatMap(r -> {
            String clientMsgId = clientMsgId(r, key);
            // The library names the id clientMsgId; when the header carried it, blame the header.
            Map<String, String> fields = r.clientMsgId() == null ? Map.of("clientMsgId", IdempotencyKey.HEADER) : Map.of();
            return commands.send(actor, r.deviceId(), conversationId, clientMsgId,
                    r.contentType() != null ? r.contentType() : DEFAULT_CONTENT_TYPE, r.body())
                .onErrorMap(ChatException.class, e -> ChatErrors.toApi(e, fields));
          })
          .flatMap(sent -> {
            ServerResponse.BodyBuilder answer = ServerResponse.accepted().contentType(MediaType.APPLICATION_JSON);
            if (sent.replayed()) {
              answer.header(IdempotencyKey.REPLAYED_HEADER, "true");
            }
            return answer.bodyValue(MessageAccepted.of(sent));
          });
    });
  }

  Mono<ServerResponse> receipt(ServerRequest request) {
    return Mono.defer(() -> {
      String actor = HeraldWebSecurity.principal(request).userId();
      String conversationId = request.pathVariable("conversationId");
      return ConversationHandler.body(request, ReceiptRequest.class)
          .flatMap(r -> commands.receipt(actor, r.deviceId(), conversationId, kind(r.kind()), upToSeq(r.upToSeq()))
              .onErrorMap(ChatException.class, ChatErrors::toApi))
          .flatMap(receipt -> ServerResponse.accepted().contentType(MediaType.APPLICATION_JSON)
              .bodyValue(ReceiptAccepted.of(receipt)));
    });
  }

  /** The body's clientMsgId, else the Idempotency-Key header; both present, they must agree. */
  static String clientMsgId(SendMessageRequest r, Optional<String> header) {
    if (r.clientMsgId() != null && header.isPresent() && !header.get().equals(r.clientMsgId())) {
      throw ValidationException.of("clientMsgId", "differs from the " + IdempotencyKey.HEADER + " header");
    }
    if (r.clientMsgId() == null && header.isEmpty()) {
      throw ValidationException.of("clientMsgId", "is required (or send an " + IdempotencyKey.HEADER + " header)");
    }
    return r.clientMsgId() != null ? r.clientMsgId() : header.get();
  }

  private static ReceiptKind kind(String kind) {
    if (kind != null) {
      switch (kind.toLowerCase(Locale.ROOT)) {
        case "delivered":
          return ReceiptKind.DELIVERED;
        case "read":
          return ReceiptKind.READ;
        default:
          break;
      }
    }
    throw ValidationException.of("kind", "must be delivered or read");
  }

  private static long upToSeq(Long upToSeq) {
    if (upToSeq == null) {
      throw ValidationException.of("upToSeq", "is required");
    }
    return upToSeq;
  }
}
