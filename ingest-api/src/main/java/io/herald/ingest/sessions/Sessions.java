package io.herald.ingest.sessions;

import io.herald.auth.HeraldPrincipal;
import io.herald.auth.TokenIssuer;
import io.herald.web.problem.ProblemException;
import io.herald.ingest.web.SessionCheck;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Sign-in sessions: one per device, each with a single-use refresh token. Using a refresh token
 * rotates it (the old one is spent); presenting a spent one again means two parties hold the
 * family, so the whole session is revoked (RFC 9700 §4.14.2) and both must sign in again. An
 * access token names its session ({@code sid}); once the session is revoked (sign-out, revocation
 * from another device, reuse, account deleted) that token is refused too.
 */
public class Sessions implements SessionCheck {

  private static final Logger log = LoggerFactory.getLogger(Sessions.class);
  static final String REFRESH_REFUSED = "refresh token is invalid, expired or revoked; sign in again";

  private final SessionStore store;
  private final TokenIssuer issuer;
  private final CurrentPrincipal principals;
  private final SessionSettings settings;
  private final SessionLiveness liveness;
  private final SessionRevocations revocations;
  private final Clock clock;

  Sessions(SessionStore store, TokenIssuer issuer, CurrentPrincipal principals, SessionRevocations revocations,
           SessionSettings settings, Clock clock) {
    this.store = store;
    this.revocations = revocations;
    this.issuer = issuer;
    this.principals = principals;
    this.settings = settings;
    this.liveness = new SessionLiveness(settings.livenessCacheTtl(), settings.livenessCacheEntries(), clock);
    this.clock = clock;
  }

  /** Opens a session for a just-authenticated account; beyond {@code maxPerUser}, the least recently used go. */
  public Mono<SessionResponse> open(HeraldPrincipal principal, String device) {
    return Mono.defer(() -> {
      Instant now = clock.instant();
      String sessionId = RefreshToken.newSessionId();
      RefreshToken refresh = RefreshToken.issue(sessionId);
      Session session = new Session(sessionId, principal.userId(), device, now, now, now.plus(settings.refreshTtl()), null);
      return store.purgeExpired(principal.userId(), now)
          .then(store.insert(session, refresh.hash()))
          .then(evictBeyondLimit(principal.userId(), now))
          .thenReturn(response(principal, session, refresh));
    });
  }

  /** Spends {@code token} for a new access token and a new refresh token; 401 otherwise (and revokes the family on reuse). */
  public Mono<SessionResponse> refresh(String token) {
    RefreshToken presented = RefreshToken.parse(token).orElse(null);
    if (presented == null) {
      return Mono.error(ProblemException.unauthorized(REFRESH_REFUSED));
    }
    return Mono.defer(() -> {
      Instant now = clock.instant();
      RefreshToken next = RefreshToken.issue(presented.sessionId());
      String sid = presented.sessionId();
      return store.rotate(sid, presented.hash(), next.hash(), now, now.plus(settings.refreshTtl()))
          .flatMap(session -> principals.of(session.userId())
              .switchIfEmpty(Mono.defer(() -> revoke(sid, null, "account deleted").then(Mono.empty())))
              .map(p -> response(p, session, next)))
          .switchIfEmpty(Mono.defer(() -> store.wasUsed(sid, presented.hash()).flatMap(reused -> reused
              ? revoke(sid, null, "refresh token reused").doOnNext(v -> log.info("refresh token of session {} reused: session revoked", sid))
              : Mono.just(false))
              .then(Mono.error(ProblemException.unauthorized(REFRESH_REFUSED)))));
    });
  }

  /** The caller's live sessions (devices), most recently used first. */
  public Mono<List<SessionView>> list(String userId, String currentSessionId) {
    return store.live(userId, clock.instant(), settings.maxPerUser()).map(s -> s.view(currentSessionId)).collectList();
  }

  /**
   * Revokes one of the user's sessions (any user's when {@code userId} is null) and announces it
   * on {@code users}, so gateways end its streams; false when it was not theirs or not live
   * (callers answer 404).
   */
  public Mono<Boolean> revoke(String sessionId, String userId, String why) {
    Instant now = clock.instant();
    return store.revoke(sessionId, userId, why, now)
        .doOnNext(owner -> liveness.revoked(sessionId))
        .flatMap(owner -> revocations.announce(owner, sessionId, now).thenReturn(true))
        .defaultIfEmpty(false);
  }

  /** Revokes every session of the user (account deleted). */
  public Mono<Void> revokeAll(String userId, String why) {
    return store.live(userId, clock.instant(), Integer.MAX_VALUE).doOnNext(s -> liveness.revoked(s.sessionId()))
        .then(store.revokeAll(userId, why, clock.instant())).then();
  }

  @Override
  public Mono<Boolean> isLive(String sessionId) {
    Boolean known = liveness.get(sessionId);
    if (known != null) {
      return Mono.just(known);
    }
    return store.find(sessionId).map(s -> s.revokedAt() == null).defaultIfEmpty(false)
        .doOnNext(live -> liveness.put(sessionId, live))
        .onErrorResume(e -> {
          Boolean last = liveness.lastKnown(sessionId);
          return last != null ? Mono.just(last) : Mono.error(e); // unknown session, no database: 503
        });
  }

  private Mono<Void> evictBeyondLimit(String userId, Instant now) {
    return store.live(userId, now, Integer.MAX_VALUE).skip(settings.maxPerUser())
        .concatMap(s -> revoke(s.sessionId(), userId, "too many sessions")).then();
  }

  private SessionResponse response(HeraldPrincipal p, Session session, RefreshToken refresh) {
    TokenIssuer.Issued access = issuer.accessToken(p, session.sessionId());
    return new SessionResponse(access.token(), "Bearer", access.expiresAt(), p.userId(), p.role().claim(),
        p.shopIds().stream().sorted().toList(), refresh.value(), session.expiresAt(), session.sessionId());
  }
}
