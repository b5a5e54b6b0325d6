package io.herald.ingest.accounts;

import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.ingest.kafka.EventPublisher;
import io.herald.ingest.outbox.OutboxRelay;
import io.herald.ingest.outbox.OutboxSettings;
import io.herald.ingest.outbox.OutboxSweeper;
import io.herald.ingest.sessions.CurrentPrincipal;
import io.herald.ingest.sessions.SessionRevocations;
import io.herald.ingest.shops.ShopOwnerLookup;
import java.time.Clock;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import reactor.core.publisher.Mono;

/** Wires the accounts collection to its store and its outbox relay. */
@Configuration(proxyBeanMethods = false)
class AccountConfiguration {

  private static final Logger log = LoggerFactory.getLogger(AccountConfiguration.class);

  @Bean
  AccountStore accountStore(MongoDatabase database) {
    return new AccountStore(accounts(database));
  }

  /** Lets the shop-claim sweep tell a real claim (the live account lists the shop) from an orphan. */
  @Bean
  ShopOwnerLookup accountShopLookup(AccountStore store) {
    return store::listsShop;
  }

  /** Lets sessions issue refreshed tokens naming the account's current role and shops (none once deleted). */
  @Bean
  CurrentPrincipal currentPrincipal(AccountStore store) {
    return userId -> store.findById(userId).map(Account::principal);
  }

  /** Sign-outs and revoked devices reach {@code users} through the account's outbox, in order with its other events. */
  @Bean
  SessionRevocations sessionRevocations(AccountStore store, OutboxRelay relay) {
    return (userId, sessionId, at) -> store.appendEvent(userId, UserEvents.sessionRevoked(userId, sessionId, at))
        .doOnNext(queued -> {
          if (queued) {
            relay.nudge(userId);
          }
        })
        .then();
  }

  @Bean
  OutboxRelay accountOutboxRelay(MongoDatabase database, EventPublisher publisher, OutboxSettings settings, Clock clock) {
    return new OutboxRelay(accounts(database), publisher, settings, clock);
  }

  @Bean
  OutboxSweeper accountOutboxSweeper(OutboxRelay relay, OutboxSettings settings) {
    return new OutboxSweeper(relay, settings.sweepInterval());
  }

  @Bean
  AccountIndexes accountIndexes(AccountStore store, OutboxRelay relay) {
    return new AccountIndexes(store, relay);
  }

  /** Creates the indexes once the service is up; failures are logged, not fatal (Mongo may come later). */
  record AccountIndexes(AccountStore store, OutboxRelay relay) {
    @EventListener(ApplicationReadyEvent.class)
    public void create() {
      Mono.when(store.ensureIndexes(), relay.ensureIndexes())
          .subscribe(null, e -> log.warn("cannot create account indexes: {}", e.toString()));
    }
  }

  private static MongoCollection<Document> accounts(MongoDatabase database) {
    return database.getCollection(AccountStore.COLLECTION);
  }
}
