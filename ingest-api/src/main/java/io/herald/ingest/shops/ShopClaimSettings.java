package io.herald.ingest.shops;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Exclusive shop claims ({@code herald.ingest.shops.*}).
 *
 * @param claimTimeout a sign-up or claim that holds fresh claims longer than this before writing the
 *     account gives up (503) instead of writing it: past that, the sweep may already judge the claims orphaned
 * @param orphanGrace a pending claim older than this is settled by the sweep: confirmed when its
 *     owner's account lists the shop, released otherwise. Must exceed {@code claimTimeout} plus any
 *     single database write and clock skew between instances, so the sweep never races a live request
 * @param sweepInterval how often the sweep runs (also once at start-up)
 * @param sweepBatch pending claims settled per sweep
 */
@ConfigurationProperties("herald.ingest.shops")
public record ShopClaimSettings(
    @DefaultValue("1m") Duration claimTimeout,
    @DefaultValue("10m") Duration orphanGrace,
    @DefaultValue("1m") Duration sweepInterval,
    @DefaultValue("100") int sweepBatch) {

  public ShopClaimSettings {
    if (orphanGrace.compareTo(claimTimeout.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("herald.ingest.shops.orphan-grace must be at least twice claim-timeout");
    }
  }
}
