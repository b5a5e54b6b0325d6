package io.herald.ingest.accounts;

import java.util.List;

/** {@code POST /v1/users}. {@code role} is {@code customer} or {@code merchant}; only merchants name shops. */
public record RegisterRequest(String email, String password, String displayName, String role, List<String> shopIds) {

  /** The request without its password: what idempotency fingerprints (a stored hash of it would be a fast password hash). */
  RegisterRequest withoutPassword() {
    return new RegisterRequest(email, null, displayName, role, shopIds);
  }
}
