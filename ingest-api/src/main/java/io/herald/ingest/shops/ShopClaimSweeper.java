package io.herald.ingest.shops;

import java.time.Clock;
import java.util.Optional;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Settles claims left pending longer than {@code orphan-grace} (a crash between claim and account
 * write, an abandoned sign-up, an interrupted deletion): confirmed when the owner's live account
 * lists the shop, released otherwise. Each decision is conditional on the claim being unchanged, so
 * a request that adopted it meanwhile wins. Sweeps never overlap.
 */
class ShopClaimSweeper implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ShopClaimSweeper.class);

  private final ShopClaims claims;
  private final ShopOwnerLookup accounts;
  private final ShopClaimSettings settings;
  private final Clock clock;
  private volatile Disposable running;

  ShopClaimSweeper(ShopClaims claims, ShopOwnerLookup accounts, ShopClaimSettings settings, Clock clock) {
    this.claims = claims;
    this.accounts = accounts;
    this.settings = settings;
    this.clock = clock;
  }

  /** One pass; returns how many claims it settled. */
  Mono<Long> sweep() {
    return Mono.defer(() -> claims.pendingBefore(clock.instant().minus(settings.orphanGrace()), settings.sweepBatch())
        .concatMap(this::settle)
        .filter(Boolean::booleanValue)
        .count());
  }

  private Mono<Boolean> settle(Document pending) {
    String shopId = pending.getString("_id");
    String ownerId = pending.getString(ShopClaims.OWNER_ID);
    return accounts.listsShop(ownerId, shopId)
        .flatMap(listed -> listed ? claims.confirmIfUnchanged(pending) : claims.releaseIfUnchanged(pending)
            .doOnNext(released -> {
              if (released) {
                log.info("released orphan claim of shop {} by {}", shopId, ownerId);
              }
            }));
  }

  @Override
  public void start() {
    running = Flux.interval(java.time.Duration.ZERO, settings.sweepInterval())
        .onBackpressureDrop()
        .concatMap(tick -> sweep().onErrorResume(e -> {
          log.warn("shop claim sweep failed: {}", e.toString());
          return Mono.empty();
        }), 1)
        .subscribe();
  }

  @Override
  public void stop() {
    Disposable d = running;
    running = null;
    Optional.ofNullable(d).ifPresent(Disposable::dispose);
  }

  @Override
  public boolean isRunning() {
    return running != null;
  }
}
