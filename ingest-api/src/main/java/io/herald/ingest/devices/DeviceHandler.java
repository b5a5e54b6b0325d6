package io.herald.ingest.devices;

import io.herald.web.problem.ProblemException;
import io.herald.web.problem.ValidationException;
import io.herald.auth.web.HeraldWebSecurity;
import io.herald.schemas.notifications.UnsubscribeTokens;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** HTTP edge of devices, notification settings and the digest's one-click unsubscribe link. */
@Component
class DeviceHandler {

  private final DeviceService devices;
  private final DeviceValidator validator;
  private final Optional<UnsubscribeTokens> unsubscribeTokens;

  DeviceHandler(DeviceService devices, DeviceValidator validator, DeviceSettings settings) {
    this.devices = devices;
    this.validator = validator;
    this.unsubscribeTokens = settings.unsubscribeSecret().isEmpty() ? Optional.empty()
        : Optional.of(new UnsubscribeTokens(settings.unsubscribeSecret()));
  }

  Mono<ServerResponse> register(ServerRequest request) {
    return body(request, DeviceRequest.class)
        .flatMap(r -> {
          validator.validate(r);
          return devices.register(HeraldWebSecurity.principal(request).userId(), r);
        })
        .flatMap(list -> ServerResponse.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("devices", list)));
  }

  Mono<ServerResponse> list(ServerRequest request) {
    return devices.devices(HeraldWebSecurity.principal(request).userId()).flatMap(list -> ok(Map.of("devices", list)));
  }

  Mono<ServerResponse> remove(ServerRequest request) {
    return Mono.defer(() -> {
      String token = request.pathVariable("token");
      validator.validateToken(token);
      return devices.remove(HeraldWebSecurity.principal(request).userId(), token);
    }).then(ServerResponse.noContent().build());
  }

  Mono<ServerResponse> settings(ServerRequest request) {
    return devices.settings(HeraldWebSecurity.principal(request).userId()).flatMap(DeviceHandler::ok);
  }

  Mono<ServerResponse> replaceSettings(ServerRequest request) {
    return body(request, NotificationSettingsView.class)
        .flatMap(s -> {
          validator.validate(s);
          return devices.replaceSettings(HeraldWebSecurity.principal(request).userId(), s);
        })
        .flatMap(DeviceHandler::ok);
  }

  /**
   * {@code GET}: a page with a button (mail scanners follow links; a GET changes nothing);
   * {@code POST} (the button, or a mail client's RFC 8058 one-click): turns the digest off.
   */
  Mono<ServerResponse> unsubscribePage(ServerRequest request) {
    return Mono.defer(() -> {
      String token = request.queryParam("token").orElse("");
      verify(token);
      String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Unsubscribe</title></head><body>"
          + "<p>Stop the Herald e-mail digest?</p><form method=\"post\"><input type=\"hidden\" name=\"token\" value=\""
          + token + "\"><button type=\"submit\">Unsubscribe</button></form></body></html>";
      return ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(html);
    });
  }

  Mono<ServerResponse> unsubscribe(ServerRequest request) {
    Mono<String> token = request.queryParam("token").map(Mono::just)
        .orElseGet(() -> request.formData().mapNotNull(f -> f.getFirst("token")));
    return token.defaultIfEmpty("")
        .flatMap(t -> devices.unsubscribeDigest(verify(t)))
        .then(ServerResponse.ok().contentType(MediaType.TEXT_HTML)
            .bodyValue("<!doctype html><html><body><p>You will no longer receive the e-mail digest.</p></body></html>"));
  }

  /** The user the link is for; 404 when unsubscribe links are off, 403 for a bad signature. */
  private String verify(String token) {
    UnsubscribeTokens tokens = unsubscribeTokens.orElseThrow(
        () -> new ProblemException(HttpStatus.NOT_FOUND, "unsubscribe links are not configured"));
    return tokens.verify(token).orElseThrow(() -> ProblemException.forbidden("invalid unsubscribe link"));
  }

  private static <T> Mono<T> body(ServerRequest request, Class<T> type) {
    return request.bodyToMono(type).switchIfEmpty(Mono.error(() -> ValidationException.of("body", "is required")));
  }

  private static Mono<ServerResponse> ok(Object body) {
    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
  }
}
