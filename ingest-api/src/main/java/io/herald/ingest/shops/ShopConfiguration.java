package io.herald.ingest.shops;

import com.mongodb.reactivestreams.client.MongoDatabase;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** Wires the {@code shops} collection to ownership checks and the orphan sweep. */
@Configuration(proxyBeanMethods = false)
class ShopConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ShopConfiguration.class);

  @Bean
  ShopClaims shopClaims(MongoDatabase database) {
    return new ShopClaims(database.getCollection(ShopClaims.COLLECTION));
  }

  @Bean
  ShopOwnership shopOwnership(ShopClaims claims, ShopClaimSettings settings, Clock clock) {
    return new ShopOwnership(claims, settings, clock);
  }

  @Bean
  ShopClaimSweeper shopClaimSweeper(ShopClaims claims, ShopOwnerLookup accounts, ShopClaimSettings settings, Clock clock) {
    return new ShopClaimSweeper(claims, accounts, settings, clock);
  }

  @Bean
  ShopIndexes shopIndexes(ShopClaims claims) {
    return new ShopIndexes(claims);
  }

  /** Creates the indexes once the service is up; failures are logged, not fatal (Mongo may come later). */
  record ShopIndexes(ShopClaims claims) {
    @EventListener(ApplicationReadyEvent.class)
    public void create() {
      claims.ensureIndexes().subscribe(null, e -> log.warn("cannot create shop indexes: {}", e.toString()));
    }
  }
}
