package io.herald.ingest.shops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.herald.testkit.MutableClock;
import io.herald.web.problem.ProblemException;
import io.herald.testkit.TestMongo;
import io.herald.testkit.WithHeraldInfra;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Shop claims against the Mongo-wire server: the _id lock, release rules and the orphan sweep. */
@WithHeraldInfra
class ShopOwnershipTest {

  private static final Duration T = Duration.ofSeconds(10);
  private static final ShopClaimSettings SETTINGS = new ShopClaimSettings(Duration.ofMinutes(1), Duration.ofMinutes(10),
      Duration.ofMinutes(1), 100);
  @RegisterExtension
  static final TestMongo mongo = new TestMongo();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  /** What the accounts would say: owner → the shops its live account lists. */
  private final Map<String, Set<String>> accounts = new ConcurrentHashMap<>();
  private MongoCollection<Document> collection;
  private ShopClaims claims;
  private ShopOwnership ownership;
  private ShopClaimSweeper sweeper;

  @BeforeEach
  void setUp() {
    collection = mongo.freshDatabase("shops").getCollection(ShopClaims.COLLECTION);
    claims = new ShopClaims(collection);
    claims.ensureIndexes().block(T);
    ownership = new ShopOwnership(claims, SETTINGS, clock);
    sweeper = new ShopClaimSweeper(claims, (user, shop) -> Mono.just(accounts.getOrDefault(user, Set.of()).contains(shop)),
        SETTINGS, clock);
  }

  private Optional<Document> claim(String shopId) {
    return Mono.from(collection.find(Filters.eq("_id", shopId)).first()).blockOptional(T);
  }

  /** Claims for {@code owner} with a commit that "writes the account" by recording the shops. */
  private String claimFor(String owner, String... shops) {
    return ownership.claimThen(owner, List.of(shops), Mono.fromSupplier(() -> {
      accounts.put(owner, Set.of(shops));
      return owner;
    })).block(T);
  }

  private boolean confirmed(String shop, String owner) {
    return Boolean.TRUE.equals(ownership.isOwner(shop, owner).block(T));
  }

  @Test
  void aShopHeldByAnotherIs409NamingItAndTheClaimsOfThatAttemptAreReleased() {
    claimFor("alice", "s1");

    ProblemException e = catchThrowableOfType(ProblemException.class, () -> claimFor("bob", "s2", "s1", "s3"));

    assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(e.properties()).containsEntry("shopId", "s1");
    assertThat(accounts).doesNotContainKey("bob");  // the commit never ran
    assertThat(claim("s1")).get().extracting(d -> d.getString(ShopClaims.OWNER_ID)).isEqualTo("alice");
    assertThat(claim("s2")).isEmpty();  // released
    assertThat(claim("s3")).isEmpty();  // never claimed: the attempt stopped at s1
    assertThat(confirmed("s1", "alice")).isTrue();
    assertThat(confirmed("s1", "bob")).isFalse();
  }

  @Test
  void ofManyConcurrentClaimsOfOneShopExactlyOneWins() {
    List<String> owners = Flux.range(0, 32).map(i -> "owner-" + i).collectList().block(T);
    List<String> winners = Flux.fromIterable(owners)
        .flatMap(owner -> ownership.claimThen(owner, List.of("contested"), Mono.just(owner))
            .onErrorResume(ProblemException.class, e -> Mono.empty()), 32)
        .collectList().block(T);

    assertThat(winners).hasSize(1);
    assertThat(claim("contested")).get().extracting(d -> d.getString(ShopClaims.OWNER_ID)).isEqualTo(winners.get(0));
  }

  @Test
  void aRetryBySameOwnerAdoptsTheClaimsACrashedAttemptLeft() {
    // The first attempt claimed and died before writing the account: the claim is pending.
    assertThat(claims.claim("s1", "alice", clock.instant()).block(T)).isTrue();
    assertThat(confirmed("s1", "alice")).isFalse();

    claimFor("alice", "s1");

    assertThat(confirmed("s1", "alice")).isTrue();
  }

  @Test
  void aRefusedCommitReleasesAtOnceButAnUnknownFailureLeavesTheClaimsToTheSweep() {
    Mono<String> refused = Mono.error(ProblemException.conflict("e-mail taken"));
    catchThrowableOfType(ProblemException.class, () -> ownership.claimThen("alice", List.of("s1"), refused).block(T));
    assertThat(claim("s1")).isEmpty();

    Mono<String> unknown = Mono.error(new IllegalStateException("timed out; the account may be written"));
    catchThrowableOfType(IllegalStateException.class, () -> ownership.claimThen("bob", List.of("s2"), unknown).block(T));
    assertThat(claim("s2")).get().extracting(d -> d.get(ShopClaims.PENDING_SINCE)).isNotNull();
  }

  @Test
  void claimsHeldPastTheTimeoutAreReleasedWithoutWritingTheAccount() {
    // Every reading of this clock is two minutes after the last: the claims "took" longer than the timeout.
    Clock slow = new MutableClock(clock.instant()).advancingOnEveryRead(Duration.ofMinutes(2));
    AtomicBoolean committed = new AtomicBoolean();

    ProblemException e = catchThrowableOfType(ProblemException.class, () -> new ShopOwnership(claims, SETTINGS, slow)
        .claimThen("alice", List.of("s1"), Mono.fromSupplier(() -> committed.getAndSet(true))).block(T));

    assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(committed).isFalse();
    assertThat(claim("s1")).isEmpty();
  }

  @Test
  void theSweepReleasesOrphansAndConfirmsClaimsTheAccountListsOnlyAfterTheGrace() {
    claims.claim("orphan", "ghost", clock.instant()).block(T);  // sign-up died before its account
    claims.claim("listed", "alice", clock.instant()).block(T);  // account written, confirm lost
    accounts.put("alice", Set.of("listed"));

    assertThat(sweeper.sweep().block(T)).isZero();  // both too young: a request may still be running
    clock.advance(SETTINGS.orphanGrace().plusSeconds(1));
    assertThat(sweeper.sweep().block(T)).isEqualTo(2);

    assertThat(claim("orphan")).isEmpty();
    assertThat(confirmed("listed", "alice")).isTrue();
    assertThat(sweeper.sweep().block(T)).isZero();
  }

  @Test
  void deletionMakesClaimsPendingAtOnceThenReleasesThem() {
    claimFor("alice", "s1", "s2");
    ownership.beginRelease("alice").block(T);
    assertThat(confirmed("s1", "alice")).isFalse();  // no more tickets from here on

    // Interrupted here, with the account still alive: the sweep keeps the claims.
    clock.advance(SETTINGS.orphanGrace().plusSeconds(1));
    sweeper.sweep().block(T);
    assertThat(confirmed("s1", "alice")).isTrue();

    ownership.beginRelease("alice").block(T);
    accounts.remove("alice");
    ownership.releaseAll("alice").block(T);
    assertThat(claim("s1")).isEmpty();
    assertThat(claim("s2")).isEmpty();
    claimFor("bob", "s1");
    assertThat(confirmed("s1", "bob")).isTrue();
  }
}
