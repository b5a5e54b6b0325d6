package io.herald.gateway.auth;

import io.herald.auth.HeraldPrincipal;
import io.herald.auth.InvalidTokenException;
import io.herald.auth.Ticket;
import io.herald.auth.TokenVerifier;
import io.herald.auth.VerifiedAccess;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Turns a request's {@link Credentials} into a verified {@link HeraldPrincipal}, or fails with
 * {@link InvalidTokenException} (401). Shared by every gateway endpoint (SSE streams, chat WebSocket,
 * history, presence): each names the ticket scope it accepts.
 */
public final class RequestAuthenticator {

  private final TokenVerifier verifier;

  public RequestAuthenticator(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  /**
   * The Authorization header wins when present; otherwise a ticket valid for exactly
   * {@code ticketScope}. An access token passed as a ticket fails (tickets have their own audience).
   */
  public Mono<HeraldPrincipal> authenticate(Credentials credentials, String ticketScope) {
    return authenticateAccess(credentials, ticketScope).map(VerifiedAccess::principal);
  }

  /**
   * As {@link #authenticate(Credentials, String)}, with what a long-lived connection needs to end
   * with its credentials ({@link CredentialWatch}): the expiry and session of the access token (for
   * a ticket, of the access token it was exchanged for).
   */
  public Mono<VerifiedAccess> authenticateAccess(Credentials credentials, String ticketScope) {
    if (credentials.bearer().isPresent()) {
      return verifier.verifyAccess(credentials.bearer().get());
    }
    if (credentials.otherAuthorization()) {
      return Mono.error(new InvalidTokenException("unsupported Authorization scheme"));
    }
    return credentials.ticket()
        .map(t -> verifier.verifyTicket(t, ticketScope).map(Ticket::access))
        .orElseGet(() -> Mono.error(new InvalidTokenException("missing credentials")));
  }

  public Mono<HeraldPrincipal> authenticate(ServerRequest request, String ticketScope) {
    return authenticate(Credentials.from(request.headers().asHttpHeaders(), request.queryParams()), ticketScope);
  }
}
