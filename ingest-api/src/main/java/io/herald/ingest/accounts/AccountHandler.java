package io.herald.ingest.accounts;

import io.herald.ingest.idempotency.Idempotency;
import io.herald.ingest.idempotency.IdempotencyKey;
import io.herald.ingest.idempotency.IdempotentResponses;
import io.herald.ingest.idempotency.RequestFingerprint;
import io.herald.ingest.idempotency.StoredResponse;
import io.herald.ingest.sessions.Sessions;
import io.herald.web.problem.ValidationException;
import io.herald.auth.web.HeraldWebSecurity;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** HTTP edge of accounts and sign-in: parse, validate, call {@link AccountService}, answer. */
@Component
class AccountHandler {

  private static final String REGISTER_ROUTE = "POST /v1/users";

  private final AccountService accounts;
  private final AccountValidator validator;
  private final Idempotency idempotency;
  private final Sessions sessions;
  private final JsonMapper json;

  AccountHandler(AccountService accounts, AccountValidator validator, Idempotency idempotency, Sessions sessions,
                 JsonMapper json) {
    this.accounts = accounts;
    this.validator = validator;
    this.idempotency = idempotency;
    this.sessions = sessions;
    this.json = json;
  }

  Mono<ServerResponse> register(ServerRequest request) {
    return Mono.defer(() -> {
      var key = IdempotencyKey.from(request);
      return body(request, RegisterRequest.class).flatMap(r -> {
        validator.validate(r);
        // Sign-ups have no user yet: the key is scoped to the e-mail being registered.
        return idempotency.execute("signup:" + Account.emailKey(r.email()), REGISTER_ROUTE, key,
            RequestFingerprint.of(REGISTER_ROUTE, r.withoutPassword()),
            userId -> accounts.register(r, userId)
                .map(a -> new StoredResponse(HttpStatus.CREATED.value(), json.writeValueAsString(a.view()))));
      }).flatMap(IdempotentResponses::render);
    });
  }

  Mono<ServerResponse> signIn(ServerRequest request) {
    return body(request, SignInRequest.class).flatMap(r -> {
      validator.validate(r);
      return accounts.authenticate(r.email(), r.password())
          .flatMap(a -> sessions.open(a.principal(), r.device()))
          .flatMap(AccountHandler::ok);
    });
  }

  Mono<ServerResponse> me(ServerRequest request) {
    return accounts.get(HeraldWebSecurity.principal(request).userId()).flatMap(a -> ok(a.view()));
  }

  Mono<ServerResponse> update(ServerRequest request) {
    return body(request, UpdateProfileRequest.class)
        .flatMap(r -> {
          validator.validate(r);
          return accounts.update(HeraldWebSecurity.principal(request).userId(), r);
        })
        .flatMap(a -> ok(a.view()));
  }

  Mono<ServerResponse> claimShop(ServerRequest request) {
    return body(request, ClaimShopRequest.class)
        .flatMap(r -> {
          validator.validate(r);
          return accounts.claimShop(HeraldWebSecurity.principal(request).userId(), r.shopId());
        })
        .flatMap(result -> ServerResponse.status(result.claimed() ? HttpStatus.CREATED : HttpStatus.OK)
            .contentType(MediaType.APPLICATION_JSON).bodyValue(result.account().view()));
  }

  Mono<ServerResponse> delete(ServerRequest request) {
    return accounts.delete(HeraldWebSecurity.principal(request).userId()).then(ServerResponse.noContent().build());
  }

  private static <T> Mono<T> body(ServerRequest request, Class<T> type) {
    return request.bodyToMono(type).switchIfEmpty(Mono.error(() -> ValidationException.of("body", "is required")));
  }

  private static Mono<ServerResponse> ok(Object body) {
    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
  }
}
