package io.herald.ingest.accounts;

import io.herald.auth.HeraldPrincipal;
import io.herald.auth.Role;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** An account as stored (minus its outbox). */
record Account(String userId, String email, String displayName, Role role, List<String> shopIds,
               String passwordHash, Instant createdAt) {

  Account {
    shopIds = List.copyOf(shopIds);
  }

  /** The unique, case-insensitive form of an e-mail address. */
  static String emailKey(String email) {
    return email.toLowerCase(Locale.ROOT);
  }

  HeraldPrincipal principal() {
    return new HeraldPrincipal(userId, role, Set.copyOf(shopIds));
  }

  UserView view() {
    return new UserView(userId, email, displayName, role.claim(), shopIds);
  }
}
