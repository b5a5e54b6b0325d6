package io.herald.ingest.shops;

import io.herald.web.problem.ProblemException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Who owns which shop. Without transactions, the claim is written first and the account second,
 * so a crash between them leaves at worst an orphan pending claim (never an account listing a
 * shop it does not hold); a retry by the same owner adopts it, and {@link ShopClaimSweeper} settles
 * it otherwise.
 */
public class ShopOwnership {

  private static final Logger log = LoggerFactory.getLogger(ShopOwnership.class);

  private final ShopClaims claims;
  private final ShopClaimSettings settings;
  private final Clock clock;

  ShopOwnership(ShopClaims claims, ShopClaimSettings settings, Clock clock) {
    this.claims = claims;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Claims {@code shopIds} for {@code ownerId} in order, then runs {@code commit} (the account write
   * that lists them), then confirms the claims. A shop held by another account: the claims this call
   * holds are released and it fails with 409 naming the shop; {@code commit} does not run. When
   * {@code commit} fails with an {@link ProblemException} (a refusal: nothing was written) the claims are
   * released at once; any other failure may have written the account, so they stay pending and the
   * sweep decides by looking at the account.
   */
  public <T> Mono<T> claimThen(String ownerId, List<String> shopIds, Mono<T> commit) {
    return Mono.defer(() -> {
      Instant start = clock.instant();
      return Flux.fromIterable(shopIds)
          .concatMap(shop -> claims.claim(shop, ownerId, start).filter(ours -> !ours).map(ours -> shop))
          .next()
          .flatMap(taken -> claims.release(ownerId, shopIds).then(Mono.<T>error(taken(taken))))
          .switchIfEmpty(Mono.defer(() -> {
            // Past the timeout the sweep may be about to release these claims: do not write the account.
            if (clock.instant().isAfter(start.plus(settings.claimTimeout()))) {
              return claims.release(ownerId, shopIds)
                  .then(Mono.error(ProblemException.unavailable("claiming the shops took too long; retry")));
            }
            return commit
                .onErrorResume(ProblemException.class, refused -> claims.release(ownerId, shopIds).then(Mono.error(refused)))
                .flatMap(result -> claims.confirm(ownerId, shopIds)
                    .onErrorResume(e -> {
                      log.warn("cannot confirm shop claims of {}; the sweep will: {}", ownerId, e.toString());
                      return Mono.empty();
                    })
                    .thenReturn(result));
          }));
    });
  }

  /** True when {@code userId} holds a confirmed claim on {@code shopId}. */
  public Mono<Boolean> isOwner(String shopId, String userId) {
    return claims.isConfirmedOwner(shopId, userId);
  }

  /**
   * Before an account is deleted: its claims become pending, so they stop opening streams at once
   * and, should the deletion stop half-way, the sweep settles them by the account's final state.
   */
  public Mono<Void> beginRelease(String ownerId) {
    return Mono.defer(() -> claims.markPending(ownerId, clock.instant()));
  }

  /** After the account is deleted (tombstoned): its shops are free for others. */
  public Mono<Void> releaseAll(String ownerId) {
    return claims.releaseAll(ownerId);
  }

  private static ProblemException taken(String shopId) {
    return ProblemException.conflict("shop " + shopId + " is already owned by another account").with("shopId", shopId);
  }
}
