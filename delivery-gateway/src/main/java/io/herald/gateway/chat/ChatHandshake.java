package io.herald.gateway.chat;

import io.herald.auth.VerifiedAccess;
import io.herald.web.problem.ExchangeProblems;
import io.herald.web.problem.ProblemException;
import io.herald.auth.InvalidTokenException;
import io.herald.auth.web.HeraldAuthentication;
import io.herald.auth.web.HeraldWebSecurity;
import io.herald.gateway.problem.ProblemResponses;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;
import io.herald.gateway.eventloop.EventLoops;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * {@code GET /v1/ws}: everything is checked BEFORE the upgrade, so a refusal is a plain HTTP
 * problem+json: 401 without valid credentials (checked by the security chain, {@code GatewaySecurity}: an {@code Authorization: Bearer} access token, or a
 * {@code ?ticket=} of scope {@code ws} for browsers, which cannot set headers on a WebSocket; an
 * access token is never accepted from the URL; a token of an account this gateway knows was deleted is
 * refused too), 400 for a bad {@code deviceId}, 503 with
 * Retry-After while the chat readers are not positioned or the gateway holds its maximum of sockets.
 */
final class ChatHandshake implements WebHandler {

  static final String PATH = "/v1/ws";

  private final WebSocketService webSocketService;
  private final ChatConnections connections;
  private final ChatFeeds feeds;
  private final Admissions admissions;
  private final ExchangeProblems problems;
  private final ChatProperties props;
  private final ChatMetrics metrics;

  ChatHandshake(WebSocketService webSocketService, ChatConnections connections,
                ChatFeeds feeds, Admissions admissions, ExchangeProblems problems, ChatProperties props,
                ChatMetrics metrics) {
    this.webSocketService = webSocketService;
    this.connections = connections;
    this.feeds = feeds;
    this.admissions = admissions;
    this.problems = problems;
    this.props = props;
    this.metrics = metrics;
  }

  /** Brief: WebFlux's dispatcher builds a per-request description from it, held by the live socket. */
  @Override
  public String toString() {
    return "chat socket";
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange) {
    ServerHttpRequest request = exchange.getRequest();
    return Mono.justOrEmpty(HeraldWebSecurity.authentication(exchange).map(HeraldAuthentication::access))
        .switchIfEmpty(Mono.error(() -> new InvalidTokenException("not authenticated")))
        .flatMap(connections.credentials::current)
        .doOnError(e -> metrics.handshakeRejected("unauthorized"))
        .flatMap(access -> {
          String deviceId = DeviceIds.from(request.getQueryParams());
          return feeds.ready()
              .timeout(props.readyTimeout())
              .onErrorMap(e -> unavailable("not-ready", "Chat is not available yet."))
              .then(Mono.defer(() -> upgrade(exchange, access, deviceId)));
        })
        .onErrorResume(ProblemResponses::handles, e -> problems.write(exchange, e));
  }

  private Mono<Void> upgrade(ServerWebExchange exchange, VerifiedAccess access, String deviceId) {
    Admissions.Slot slot = admissions.tryAdmit()
        .orElseThrow(() -> unavailable("max-connections", "This gateway holds its maximum number of chat connections."));
    AtomicBoolean served = new AtomicBoolean();
    Scheduler liveOn = EventLoops.of(exchange.getRequest());
    return webSocketService.handleRequest(exchange, session -> {
          served.set(true);
          return connections.serve(session, access, deviceId, liveOn).doFinally(s -> slot.release());
        })
        .doFinally(signal -> {
          if (!served.get()) {
            slot.release(); // not a WebSocket request after all, or the handshake failed
          }
        });
  }

  private ProblemException unavailable(String reason, String detail) {
    metrics.handshakeRejected(reason);
    return ProblemException.unavailable(detail, props.retryAfter());
  }
}
