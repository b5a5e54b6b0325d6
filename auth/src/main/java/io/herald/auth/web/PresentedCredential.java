package io.herald.auth.web;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * What a request presents, not yet verified: a bearer access token, a ticket for one scope, or an
 * {@code Authorization} header of another scheme (always refused). {@code toString} never shows the secret.
 */
public final class PresentedCredential extends AbstractAuthenticationToken {

  public enum Kind { BEARER, TICKET, UNSUPPORTED }

  private final Kind kind;
  private volatile String token; // erased once read: a live stream keeps this object for its whole life
  private final String scope;

  private PresentedCredential(Kind kind, String token, String scope) {
    super(List.of());
    this.kind = kind;
    this.token = token;
    this.scope = scope;
    setAuthenticated(false);
  }

  public static PresentedCredential bearer(String token) {
    return new PresentedCredential(Kind.BEARER, token, null);
  }

  public static PresentedCredential ticket(String token, String scope) {
    return new PresentedCredential(Kind.TICKET, token, scope);
  }

  public static PresentedCredential unsupported() {
    return new PresentedCredential(Kind.UNSUPPORTED, null, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The ticket scope this request may be opened with (tickets only). */
  public String scope() {
    return scope;
  }

  @Override
  public Object getCredentials() {
    return token;
  }

  /** Drops the secret; the authentication manager calls it as soon as it has read it. */
  @Override
  public void eraseCredentials() {
    token = null;
    super.eraseCredentials();
  }

  @Override
  public Object getPrincipal() {
    return null;
  }

  @Override
  public String toString() {
    return "PresentedCredential[" + kind + (scope == null ? "" : ", scope=" + scope) + "]";
  }
}
