package io.herald.auth.web;

import io.herald.auth.HeraldPrincipal;
import io.herald.auth.VerifiedAccess;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A verified caller: the {@link HeraldPrincipal} and the {@link VerifiedAccess} behind it (for a
 * ticket, the access token it was exchanged for). Authorities: {@code ROLE_CUSTOMER} or
 * {@code ROLE_MERCHANT}, and {@link #BEARER} or {@link #TICKET} (how the caller proved it).
 */
public final class HeraldAuthentication extends AbstractAuthenticationToken {

  public static final String BEARER = "CREDENTIAL_BEARER";
  public static final String TICKET = "CREDENTIAL_TICKET";

  private final VerifiedAccess access;

  public HeraldAuthentication(VerifiedAccess access, boolean viaTicket) {
    super(List.of(new SimpleGrantedAuthority("ROLE_" + access.principal().role().name()),
        new SimpleGrantedAuthority(viaTicket ? TICKET : BEARER)));
    this.access = access;
    setAuthenticated(true);
  }

  public VerifiedAccess access() {
    return access;
  }

  @Override
  public HeraldPrincipal getPrincipal() {
    return access.principal();
  }

  @Override
  public String getName() {
    return access.principal().userId();
  }

  @Override
  public Object getCredentials() {
    return null;
  }
}
