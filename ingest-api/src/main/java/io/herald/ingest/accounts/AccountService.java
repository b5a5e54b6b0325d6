package io.herald.ingest.accounts;

import io.herald.auth.FirebaseSignIn;
import io.herald.auth.Role;
import io.herald.ingest.mongo.MongoErrors;
import io.herald.ingest.outbox.OutboxEntry;
import io.herald.ingest.outbox.OutboxRelay;
import io.herald.ingest.sessions.Sessions;
import io.herald.ingest.shops.ShopOwnership;
import io.herald.web.problem.ProblemException;
import io.herald.ingest.web.LimitSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Account lifecycle: sign-up, credential checks, profile changes, shop claims, deletion. Each
 * change is written together with its {@code users} event (outbox) and then handed to the relay.
 * A merchant's shops are claimed in {@code shops} before the account lists them (see
 * {@link ShopOwnership}), so no two accounts can list the same shop.
 */
@Service
class AccountService {

  private static final String WRONG_CREDENTIALS = "wrong e-mail or password";

  private final AccountStore store;
  private final PasswordHasher hasher;
  private final OutboxRelay relay;
  private final ShopOwnership shops;
  private final LimitSettings limits;
  private final Sessions sessions;
  private final Clock clock;

  AccountService(AccountStore store, PasswordHasher hasher, OutboxRelay relay, ShopOwnership shops, LimitSettings limits,
                 Sessions sessions, Clock clock) {
    this.store = store;
    this.hasher = hasher;
    this.relay = relay;
    this.shops = shops;
    this.limits = limits;
    this.sessions = sessions;
    this.clock = clock;
  }

  /**
   * Creates the account with id {@code userId}, a merchant's after claiming its shops (409 naming a
   * shop another account owns; nothing is created then). Re-running with the same id (an
   * idempotent retry that took over a crashed attempt) adopts that attempt's claims and returns the
   * account it created, if it got that far.
   */
  Mono<Account> register(RegisterRequest r, UUID userId) {
    Role role = AccountValidator.roleOf(r);
    List<String> shopIds = role == Role.MERCHANT ? List.copyOf(new LinkedHashSet<>(r.shopIds())) : List.of();
    String id = userId.toString();
    return hasher.hash(r.password()).flatMap(hash -> {
      Instant now = clock.instant();
      Account account = new Account(id, r.email(), r.displayName(), role, shopIds, hash, now);
      Mono<Account> insert = store.insert(account, UserEvents.registered(account, now))
          .doOnSuccess(v -> relay.nudge(id))
          .thenReturn(account)
          .onErrorResume(MongoErrors::isDuplicateKey, e -> store.findById(id)
              .filter(existing -> Account.emailKey(existing.email()).equals(Account.emailKey(r.email())))
              .switchIfEmpty(Mono.error(() -> ProblemException.conflict("an account with this e-mail already exists"))));
      return shopIds.isEmpty() ? insert : shops.claimThen(id, shopIds, insert);
    });
  }

  /**
   * Records the account of a Firebase user on its first use (no password: it signs in through
   * Firebase only), with its {@code UserRegistered} event on {@code users}. Idempotent: an existing
   * (or concurrently created) account is left as it is.
   */
  Mono<Void> adoptFirebaseUser(FirebaseSignIn.FirebaseUser user) {
    String id = user.principal().userId();
    Instant now = clock.instant();
    String email = user.email() == null ? "" : user.email();
    String name = user.name() == null || user.name().isBlank() ? (email.isEmpty() ? id : email) : user.name();
    Account account = new Account(id, email, name, user.principal().role(), List.copyOf(user.principal().shopIds()), null, now);
    return store.findById(id).hasElement().flatMap(exists -> exists ? Mono.<Void>empty()
        : store.insert(account, UserEvents.registered(account, now))
            .doOnSuccess(v -> relay.nudge(id))
            .onErrorResume(MongoErrors::isDuplicateKey, e -> Mono.empty()));
  }

  /**
   * Claims one more shop for a merchant. Already listed: the account as it is ({@code claimed}
   * false). Tokens name the shops the account had at sign-in, so the client signs in again.
   */
  Mono<ShopClaimResult> claimShop(String userId, String shopId) {
    return get(userId).flatMap(account -> {
      if (account.role() != Role.MERCHANT) {
        return Mono.error(ProblemException.forbidden("only merchant accounts own shops"));
      }
      if (account.shopIds().contains(shopId)) {
        return Mono.just(new ShopClaimResult(account, false));
      }
      int max = limits.maxShopsPerMerchant();
      if (account.shopIds().size() >= max) {
        return Mono.error(full(max));
      }
      return shops.claimThen(userId, List.of(shopId), listShop(account, shopId, max)).map(a -> new ShopClaimResult(a, true));
    });
  }

  /**
   * Adds the (claimed) shop to the account's list together with the {@code ProfileChanged} event
   * carrying the full new list, in one write that holds only if the list is still the one read.
   * When a concurrent claim changed it, decides again on the fresh account: already listed (as-is),
   * full (409) or retry; each retry follows a change of the list, which only grows up to the limit.
   */
  private Mono<Account> listShop(Account current, String shopId, int max) {
    if (current.shopIds().contains(shopId)) {
      return Mono.just(current);
    }
    if (current.shopIds().size() >= max) {
      return Mono.error(full(max));
    }
    return Mono.defer(() -> {
      String userId = current.userId();
      Instant now = clock.instant();
      List<String> shopIds = new ArrayList<>(current.shopIds());
      shopIds.add(shopId);
      return store.replaceShops(userId, current.shopIds(), shopIds, UserEvents.shopsChanged(userId, shopIds, now), now)
          .doOnNext(a -> relay.nudge(userId))
          // Not written: gone meanwhile (401 from get) or the list changed under us.
          .switchIfEmpty(Mono.defer(() -> get(userId).flatMap(fresh -> fresh.shopIds().equals(current.shopIds())
              ? Mono.error(ProblemException.unavailable("the account changed while claiming the shop; retry"))
              : listShop(fresh, shopId, max))));
    });
  }

  /** The account for these credentials, or 401 (the same answer, after the same work, for an unknown e-mail). */
  Mono<Account> authenticate(String email, String password) {
    return store.findByEmail(email)
        .map(java.util.Optional::of)
        .defaultIfEmpty(java.util.Optional.empty())
        .flatMap(found -> hasher.matches(password, found.map(Account::passwordHash).orElse(null))
            .flatMap(ok -> ok ? Mono.just(found.orElseThrow()) : Mono.error(ProblemException.unauthorized(WRONG_CREDENTIALS))));
  }

  /** The caller's account; 401 when it was deleted after the token was issued. */
  Mono<Account> get(String userId) {
    return store.findById(userId).switchIfEmpty(Mono.error(() -> ProblemException.unauthorized("account no longer exists")));
  }

  Mono<Account> update(String userId, UpdateProfileRequest r) {
    return get(userId).flatMap(current -> checkCurrentPassword(current, r)
        .then(r.password() != null ? hasher.hash(r.password()) : Mono.just(""))
        .flatMap(newHash -> {
          Instant now = clock.instant();
          String email = r.email() != null && !r.email().equals(current.email()) ? r.email() : null;
          String name = r.displayName() != null && !r.displayName().equals(current.displayName()) ? r.displayName() : null;
          // A password change is not announced: nothing about it is anyone else's business.
          OutboxEntry event = email != null || name != null ? UserEvents.profileChanged(userId, email, name, now) : null;
          return store.update(userId, email, name, newHash.isEmpty() ? null : newHash, event, now)
              .switchIfEmpty(Mono.error(() -> ProblemException.unauthorized("account no longer exists")))
              .doOnSuccess(a -> {
                if (event != null) {
                  relay.nudge(userId);
                }
              })
              .onErrorMap(MongoErrors::isDuplicateKey, e -> ProblemException.conflict("an account with this e-mail already exists"));
        }));
  }

  /**
   * Deletes the account (idempotent): personal data goes at once, the tombstone once UserDeleted is
   * out, and its shops are released. The claims are marked pending first, so a crash at any step
   * leaves them to the sweep, which keeps them only if the account is still alive. Every session
   * (device) is revoked first, so no token of the account works once this answered.
   */
  Mono<Void> delete(String userId) {
    return sessions.revokeAll(userId, "account deleted")
        .then(shops.beginRelease(userId))
        .then(Mono.defer(() -> store.markDeleted(userId, UserEvents.deleted(userId, clock.instant()), clock.instant())))
        .doOnNext(deleted -> {
          if (deleted) {
            relay.nudge(userId);
          }
        })
        .then(shops.releaseAll(userId));
  }

  private static ProblemException full(int max) {
    return ProblemException.conflict("a merchant account owns at most " + max + " shops");
  }

  private Mono<Void> checkCurrentPassword(Account current, UpdateProfileRequest r) {
    if (r.email() == null && r.password() == null) {
      return Mono.empty();
    }
    return hasher.matches(Objects.requireNonNullElse(r.currentPassword(), ""), current.passwordHash())
        .flatMap(ok -> ok ? Mono.<Void>empty() : Mono.error(ProblemException.forbidden("currentPassword is wrong")));
  }
}
