package io.herald.auth.web;

import io.herald.auth.FirebaseSignIn;
import io.herald.auth.InvalidTokenException;
import io.herald.auth.Ticket;
import io.herald.auth.TokenVerifier;
import io.herald.auth.VerifiedAccess;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import reactor.core.publisher.Mono;

/**
 * Verifies a {@link PresentedCredential} with the {@link TokenVerifier} (RS256, issuer, audience,
 * bounded lifetime, verified-token cache), or a Firebase ID token with {@link FirebaseSignIn} where
 * configured, then with the service's own {@code stillCurrent} check
 * (the ingest API: the sign-in session is not revoked). A refusal is a
 * {@link RefusedCredentialException}; other failures (a dependency down) propagate as they are.
 */
public final class HeraldAuthenticationManager implements ReactiveAuthenticationManager {

  private final TokenVerifier verifier;
  private final Optional<FirebaseSignIn> firebase;
  private final Function<VerifiedAccess, Mono<VerifiedAccess>> stillCurrent;

  /**
   * @param firebase where configured, bearer tokens issued by Firebase for its project are accepted too
   * @param stillCurrent the service's check after verification (e.g. the sign-in session is live)
   */
  public HeraldAuthenticationManager(TokenVerifier verifier, Optional<FirebaseSignIn> firebase,
                                     Function<VerifiedAccess, Mono<VerifiedAccess>> stillCurrent) {
    this.verifier = verifier;
    this.firebase = firebase;
    this.stillCurrent = stillCurrent;
  }

  public HeraldAuthenticationManager(TokenVerifier verifier) {
    this(verifier, Optional.empty(), Mono::just);
  }

  @Override
  public Mono<Authentication> authenticate(Authentication authentication) {
    if (!(authentication instanceof PresentedCredential presented)) {
      return Mono.empty();
    }
    String token = (String) presented.getCredentials();
    presented.eraseCredentials(); // Spring Security's chain keeps the presented credential as long as the request lives
    if (token == null && presented.kind() != PresentedCredential.Kind.UNSUPPORTED) {
      return Mono.error(new RefusedCredentialException(new InvalidTokenException("credential already used")));
    }
    Mono<VerifiedAccess> verified = switch (presented.kind()) {
      case BEARER -> firebase.isPresent() && FirebaseSignIn.looksLikeFirebase(token)
          ? firebase.get().verify(token) : verifier.verifyAccess(token);
      case TICKET -> verifier.verifyTicket(token, presented.scope()).map(Ticket::access);
      case UNSUPPORTED -> Mono.error(new InvalidTokenException("unsupported Authorization scheme"));
    };
    boolean viaTicket = presented.kind() == PresentedCredential.Kind.TICKET;
    return verified.flatMap(stillCurrent)
        .<Authentication>map(access -> new HeraldAuthentication(access, viaTicket))
        .onErrorMap(InvalidTokenException.class, RefusedCredentialException::new);
  }
}
