package io.herald.ingest.accounts;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.herald.auth.Role;
import io.herald.ingest.outbox.OutboxEntry;
import io.herald.ingest.outbox.OutboxRelay;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bson.Document;
import org.bson.conversions.Bson;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code accounts} collection. Each write that changes what others may see also pushes its
 * event onto the document's {@code outbox} in the same single-document write (atomic without
 * transactions); the {@link OutboxRelay} takes it from there.
 */
class AccountStore {

  static final String COLLECTION = "accounts";
  private static final String EMAIL = "email";
  private static final String EMAIL_KEY = "email_key";
  private static final String DISPLAY_NAME = "display_name";
  private static final String ROLE = "role";
  private static final String SHOP_IDS = "shop_ids";
  private static final String PASSWORD_HASH = "password_hash";
  private static final String CREATED_AT = "created_at";
  private static final String UPDATED_AT = "updated_at";

  private static final Duration FOREVER = Duration.ofDays(36500);

  private final MongoCollection<Document> accounts;
  /** Completes once the unique index exists; a failure is retried by the next write. */
  private final Mono<Void> indexes;

  AccountStore(MongoCollection<Document> accounts) {
    this.accounts = accounts;
    this.indexes = Mono.from(accounts.createIndex(Indexes.ascending(EMAIL_KEY), new IndexOptions().unique(true).sparse(true)))
        .then()
        .cache(v -> FOREVER, e -> Duration.ZERO, () -> FOREVER);
  }

  /**
   * Unique e-mail (case-insensitive); sparse, so deleted accounts (no e-mail) do not collide.
   * Writes that set an e-mail wait for it, so uniqueness never depends on start-up order.
   */
  Mono<Void> ensureIndexes() {
    return indexes;
  }

  /**
   * Fails with a duplicate-key error when the e-mail or the id is taken. An account without a
   * password (signed in through Firebase) has no e-mail key: its address signs nobody in and
   * takes no address from a password account.
   */
  Mono<Void> insert(Account a, OutboxEntry event) {
    Document d = new Document("_id", a.userId())
        .append(EMAIL, a.email());
    if (a.passwordHash() != null) {
      d.append(EMAIL_KEY, Account.emailKey(a.email()));
    }
    d
        .append(DISPLAY_NAME, a.displayName())
        .append(ROLE, a.role().claim())
        .append(SHOP_IDS, a.shopIds())
        .append(PASSWORD_HASH, a.passwordHash())
        .append(CREATED_AT, Date.from(a.createdAt()))
        .append(UPDATED_AT, Date.from(a.createdAt()))
        .append(OutboxEntry.FIELD, List.of(event.toDocument()));
    return indexes.then(Mono.from(accounts.insertOne(d))).then();
  }

  Mono<Account> findById(String userId) {
    return Mono.from(accounts.find(Filters.and(Filters.eq("_id", userId), live())).first()).map(AccountStore::account);
  }

  Mono<Account> findByEmail(String email) {
    return Mono.from(accounts.find(Filters.and(Filters.eq(EMAIL_KEY, Account.emailKey(email)), live())).first())
        .map(AccountStore::account);
  }

  /**
   * Applies a profile change (and its event, when others should learn of it); empty when the
   * account is gone. Fails with a duplicate-key error when the new e-mail is taken.
   */
  Mono<Account> update(String userId, String email, String displayName, String passwordHash, OutboxEntry event, Instant now) {
    List<Bson> changes = new ArrayList<>();
    if (email != null) {
      changes.add(Updates.set(EMAIL, email));
      changes.add(Updates.set(EMAIL_KEY, Account.emailKey(email)));
    }
    if (displayName != null) {
      changes.add(Updates.set(DISPLAY_NAME, displayName));
    }
    if (passwordHash != null) {
      changes.add(Updates.set(PASSWORD_HASH, passwordHash));
    }
    changes.add(Updates.set(UPDATED_AT, Date.from(now)));
    if (event != null) {
      changes.add(Updates.push(OutboxEntry.FIELD, event.toDocument()));
    }
    return indexes.then(Mono.from(accounts.findOneAndUpdate(Filters.and(Filters.eq("_id", userId), live()),
        Updates.combine(changes), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))))
        .map(AccountStore::account);
  }

  /**
   * Sets the shop list of a live merchant account to {@code shopIds}, with the event announcing it,
   * provided the list is still exactly {@code expected} (so the event carries the true new list
   * however claims interleave); empty otherwise. The new shops' claims must be held first (see
   * {@code ShopOwnership}).
   */
  Mono<Account> replaceShops(String userId, List<String> expected, List<String> shopIds, OutboxEntry event, Instant now) {
    return Mono.from(accounts.findOneAndUpdate(
            Filters.and(Filters.eq("_id", userId), live(), Filters.eq(ROLE, Role.MERCHANT.claim()), Filters.eq(SHOP_IDS, expected)),
            Updates.combine(Updates.set(SHOP_IDS, shopIds), Updates.set(UPDATED_AT, Date.from(now)),
                Updates.push(OutboxEntry.FIELD, event.toDocument())),
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
        .map(AccountStore::account);
  }

  /** Queues {@code event} on a live account's outbox, changing nothing else; false when the account is gone. */
  Mono<Boolean> appendEvent(String userId, OutboxEntry event) {
    return Mono.from(accounts.updateOne(Filters.and(Filters.eq("_id", userId), live()),
            Updates.push(OutboxEntry.FIELD, event.toDocument())))
        .map(r -> r.getModifiedCount() == 1);
  }

  /** The ids among {@code userIds} of live accounts. */
  Mono<Set<String>> liveIds(Collection<String> userIds) {
    return Flux.from(accounts.find(Filters.and(Filters.in("_id", userIds), live())).projection(Projections.include("_id")))
        .map(d -> d.getString("_id"))
        .collect(Collectors.toSet());
  }

  /** Whether a live account lists the shop: how the claim sweep tells a real claim from an orphan. */
  Mono<Boolean> listsShop(String userId, String shopId) {
    return Mono.from(accounts.find(Filters.and(Filters.eq("_id", userId), live(), Filters.eq(SHOP_IDS, shopId)))
            .projection(Projections.include("_id")).first())
        .hasElement();
  }

  /**
   * Scrubs personal data and frees the e-mail, leaving a tombstone that carries the
   * {@code UserDeleted} event until the relay published it (then the relay deletes the document).
   * False when already deleted.
   */
  Mono<Boolean> markDeleted(String userId, OutboxEntry event, Instant now) {
    return Mono.from(accounts.updateOne(Filters.and(Filters.eq("_id", userId), live()), Updates.combine(
            Updates.set(OutboxRelay.TOMBSTONE, true),
            Updates.unset(EMAIL), Updates.unset(EMAIL_KEY), Updates.unset(DISPLAY_NAME), Updates.unset(PASSWORD_HASH),
            Updates.set(SHOP_IDS, List.of()),
            Updates.set(UPDATED_AT, Date.from(now)),
            Updates.push(OutboxEntry.FIELD, event.toDocument()))))
        .map(r -> r.getModifiedCount() == 1);
  }

  private static Bson live() {
    return Filters.ne(OutboxRelay.TOMBSTONE, true);
  }

  private static Account account(Document d) {
    return new Account(d.getString("_id"), d.getString(EMAIL), d.getString(DISPLAY_NAME), Role.fromClaim(d.getString(ROLE)),
        d.getList(SHOP_IDS, String.class, List.of()), d.getString(PASSWORD_HASH), d.getDate(CREATED_AT).toInstant());
  }
}
