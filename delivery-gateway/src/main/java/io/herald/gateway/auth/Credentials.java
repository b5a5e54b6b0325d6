package io.herald.gateway.auth;

import io.herald.auth.BearerToken;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;

/**
 * What a request presents to prove who it is: an access token in the {@code Authorization}
 * header, or a short-lived ticket in the query string (browsers' EventSource and WebSocket cannot
 * set headers). An access token is never read from the query string: a long-lived credential in a
 * URL ends up in histories, proxies and logs. {@code toString} never shows the secrets.
 */
public record Credentials(Optional<String> bearer, boolean otherAuthorization, Optional<String> ticket) {

  public static final String TICKET_PARAM = "ticket";

  public static Credentials from(HttpHeaders headers, MultiValueMap<String, String> queryParams) {
    String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
    Optional<String> bearer = BearerToken.from(authorization);
    String ticket = queryParams.getFirst(TICKET_PARAM);
    return new Credentials(bearer, bearer.isEmpty() && authorization != null,
        ticket == null || ticket.isBlank() ? Optional.empty() : Optional.of(ticket));
  }

  @Override
  public String toString() {
    return "Credentials[bearer=" + bearer.isPresent() + ", ticket=" + ticket.isPresent() + "]";
  }
}
