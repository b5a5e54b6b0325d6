package io.herald.ingest.sessions;

import io.herald.auth.HeraldPrincipal;
import reactor.core.publisher.Mono;

/**
 * The principal of a live account as it is now (role, current shops); empty once the account is
 * deleted. Provided by the accounts feature, so a refreshed token names today's shops.
 */
@FunctionalInterface
public interface CurrentPrincipal {
  Mono<HeraldPrincipal> of(String userId);
}
