package io.herald.ingest.accounts;

import java.util.Collection;
import java.util.Set;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Which user ids are registered (live) accounts: for features that name other users, such as chat. */
@Component
public class AccountDirectory {

  private final AccountStore store;

  AccountDirectory(AccountStore store) {
    this.store = store;
  }

  /** The ids among {@code userIds} that belong to live accounts; one query, bounded by the caller's list. */
  public Mono<Set<String>> registered(Collection<String> userIds) {
    return store.liveIds(userIds);
  }
}
