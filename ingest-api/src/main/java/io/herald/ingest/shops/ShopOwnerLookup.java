package io.herald.ingest.shops;

import reactor.core.publisher.Mono;

/** Whether a live account lists a shop: the fact the sweep settles pending claims by. */
@FunctionalInterface
public interface ShopOwnerLookup {

  Mono<Boolean> listsShop(String userId, String shopId);
}
