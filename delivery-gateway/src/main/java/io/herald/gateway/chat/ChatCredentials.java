package io.herald.gateway.chat;

import io.herald.auth.HeraldPrincipal;
import io.herald.auth.InvalidTokenException;
import io.herald.auth.VerifiedAccess;
import io.herald.gateway.auth.CredentialEnd;
import io.herald.gateway.auth.CredentialWatch;
import io.herald.auth.web.HeraldAuthentication;
import io.herald.auth.web.PresentedCredential;
import io.herald.auth.web.RefusedCredentialException;
import io.herald.web.buffer.BoundedSink;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A chat socket lives as long as its credentials. At the access token's expiry the server sends
 * {@code reauth}; a {@code reauth} frame with a fresh access token of the same user within
 * {@code reauthGrace} extends the socket (nothing is re-sent, nothing missed), else it closes with
 * {@link #EXPIRED} (4001: reconnect with a fresh token and resume by seq). An account deletion
 * learnt from {@code users} closes it with {@link #REVOKED} (4003) within seconds. A client may
 * also send {@code reauth} before expiry. A refused {@code reauth} is an {@code error} frame.
 */
final class ChatCredentials {

  static final CloseStatus EXPIRED = new CloseStatus(4001, "token expired; reconnect with a fresh token and resume by seq");
  static final CloseStatus REVOKED = new CloseStatus(4003, "credentials revoked");

  /** Chat is not scoped to shops: only the account's deletion revokes a chat socket. */
  private static final Predicate<HeraldPrincipal> ANY = p -> true;

  private final ReactiveAuthenticationManager authenticator;
  private final CredentialWatch watch;
  private final FrameWriter writer;
  private final Duration grace;
  private final Clock clock;

  ChatCredentials(ReactiveAuthenticationManager authenticator, CredentialWatch watch, FrameWriter writer, Duration grace,
                  Clock clock) {
    this.authenticator = authenticator;
    this.watch = watch;
    this.writer = writer;
    this.grace = grace;
    this.clock = clock;
  }

  /**
   * The handshake's check, after the security chain verified the credential: not known to be
   * revoked (401 otherwise).
   */
  Mono<VerifiedAccess> current(VerifiedAccess access) {
    return watch.requireCurrent(access, ANY);
  }

  /** {@code reauth}'s check: a valid access token, verified as the chain does, and not known to be revoked. */
  private Mono<VerifiedAccess> verifyBearer(String token) {
    return authenticator.authenticate(PresentedCredential.bearer(token))
        .map(a -> ((HeraldAuthentication) a).access())
        .onErrorMap(RefusedCredentialException.class, RefusedCredentialException::reason)
        .flatMap(this::current);
  }

  /** Watches one connection's credentials from now on; {@code close} ends the connection. */
  Session open(VerifiedAccess access, BiConsumer<CloseStatus, String> close) {
    Session s = new Session(access, close);
    s.watch(access, false);
    return s;
  }

  /**
   * One connection's credentials: the access being watched. After a {@code reauth} request that is
   * the expired access extended to the deadline (a "grace" access), so a deletion during the grace
   * still closes with 4003, and the deadline itself closes with 4001.
   */
  final class Session {

    private final String userId;
    private final BiConsumer<CloseStatus, String> close;
    /**
     * At most one {@code reauth} request per token, and the socket closes soon after an unanswered
     * one; a client that leaves 4 control frames unread gets no more (its grace deadline closes it).
     */
    private final BoundedSink<String> frames = new BoundedSink<>(4, () -> { });
    private final Disposable.Swap watching = Disposables.swap();
    private VerifiedAccess current; // guarded by this; replaced by a grace access, then by a reauth's

    private Session(VerifiedAccess access, BiConsumer<CloseStatus, String> close) {
      this.userId = access.principal().userId();
      this.current = access;
      this.close = close;
    }

    /** Control frames to the client: {@code reauth} requests and pings. */
    Flux<String> frames() {
      return frames.items();
    }

    /**
     * Queues a ping (any frame that may be skipped): only when no control frame waits, so pings
     * never crowd out a {@code reauth} request. From any thread.
     */
    void ping(String frame) {
      frames.offerIfIdle(frame);
    }

    /** Answers a client's {@code reauth}: {@code reauthed}, or an {@code error} (the socket stays open). */
    Mono<String> reauth(ClientFrame.Reauth frame) {
      return verifyBearer(frame.token())
          .map(access -> {
            if (!userId.equals(access.principal().userId())) {
              return writer.write(new ServerFrame.Error(frame.ref(), ErrorCode.FORBIDDEN.wire(), "token",
                  "the token is another user's; a socket keeps its user"));
            }
            synchronized (this) {
              current = access;
              watch(access, false); // replaces the watch of the old (or grace) access
            }
            return writer.write(new ServerFrame.Reauthed(frame.ref(), access.expiresAt()));
          })
          .onErrorResume(e -> Mono.just(writer.write(e instanceof InvalidTokenException
              ? new ServerFrame.Error(frame.ref(), ErrorCode.UNAUTHORIZED.wire(), "token",
                  "not a valid access token of this user, or the account was deleted")
              : new ServerFrame.Error(frame.ref(), ErrorCode.INTERNAL.wire(), null,
                  "the token could not be checked now; send reauth again"))));
    }

    void dispose() {
      watching.dispose();
      frames.complete();
    }

    private void watch(VerifiedAccess access, boolean grace) {
      watching.update(watch.watch(access, ANY).subscribe(end -> ended(access, grace, end)));
    }

    /** On the watch's thread (a timer or the {@code users} reader): never blocks (nor does anything under the lock). */
    private void ended(VerifiedAccess access, boolean grace, CredentialEnd end) {
      if (end.kind() == CredentialEnd.Kind.REVOKED) {
        close.accept(REVOKED, "revoked");
        return;
      }
      VerifiedAccess extended = new VerifiedAccess(access.principal(), clock.instant().plus(ChatCredentials.this.grace),
          access.sessionId());
      synchronized (this) { // with reauth: the watch always follows the current access
        if (access != current) {
          return; // replaced by a reauth meanwhile
        }
        if (!grace) {
          current = extended;
          frames.offer(writer.write(new ServerFrame.Reauth(end.reason(), extended.expiresAt())));
          watch(extended, true);
          return;
        }
      }
      close.accept(EXPIRED, "token-expired");
    }
  }
}
