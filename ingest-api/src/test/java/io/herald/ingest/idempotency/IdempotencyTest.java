package io.herald.ingest.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.herald.testkit.MutableClock;
import io.herald.web.problem.ProblemException;
import io.herald.testkit.TestMongo;
import io.herald.testkit.WithHeraldInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpStatus;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The idempotency rules against the Mongo-wire server (conditional writes are what matter). */
@WithHeraldInfra
class IdempotencyTest {

  private static final Duration T = Duration.ofSeconds(10);
  @RegisterExtension
  static final TestMongo mongo = new TestMongo();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final List<UUID> runs = new CopyOnWriteArrayList<>();
  private Idempotency idempotency;
  private IdempotencyStore store;

  @BeforeEach
  void setUp() {
    store = new IdempotencyStore(mongo.freshDatabase("idem"));
    idempotency = new Idempotency(store, new IdempotencySettings(Duration.ofHours(24), Duration.ofSeconds(30)), clock);
  }

  private Mono<StoredResponse> ok(UUID reserved) {
    return Mono.fromSupplier(() -> {
      runs.add(reserved);
      return new StoredResponse(202, "{\"eventId\":\"" + reserved + "\"}");
    });
  }

  private IdempotentOutcome exec(String key, String hash) {
    return idempotency.execute("user-1", "route", Optional.ofNullable(key), hash, this::ok).block(T);
  }

  @Test
  void withoutAKeyEveryRequestRuns() {
    exec(null, "h");
    exec(null, "h");
    assertThat(runs).hasSize(2).doesNotHaveDuplicates();
  }

  @Test
  void theFingerprintIsComputedOnlyWhenThereIsAKey() {
    java.util.concurrent.atomic.AtomicInteger computed = new java.util.concurrent.atomic.AtomicInteger();
    java.util.function.Supplier<String> hash = () -> {
      computed.incrementAndGet();
      return "h";
    };
    idempotency.execute("user-1", "route", Optional.empty(), hash, this::ok).block(T);
    assertThat(computed).hasValue(0);
    idempotency.execute("user-1", "route", Optional.of("k-lazy"), hash, this::ok).block(T);
    idempotency.execute("user-1", "route", Optional.of("k-lazy"), hash, this::ok).block(T);
    assertThat(computed).hasValue(2);
    assertThat(runs).hasSize(2);
  }

  @Test
  void aRetryReplaysTheFirstAnswerWithoutRunningAgain() {
    IdempotentOutcome first = exec("k1", "h");
    IdempotentOutcome second = exec("k1", "h");
    assertThat(first.replayed()).isFalse();
    assertThat(second.replayed()).isTrue();
    assertThat(second.response()).isEqualTo(first.response());
    assertThat(runs).hasSize(1);
  }

  @Test
  void theSameKeyWithADifferentRequestIs422() {
    exec("k1", "h");
    ProblemException e = catchThrowableOfType(ProblemException.class, () -> exec("k1", "other"));
    assertThat(e.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
    assertThat(runs).hasSize(1);
  }

  @Test
  void keysAreScopedPerUserAndRoute() {
    exec("k1", "h");
    idempotency.execute("user-2", "route", Optional.of("k1"), "h", this::ok).block(T);
    idempotency.execute("user-1", "other-route", Optional.of("k1"), "h", this::ok).block(T);
    assertThat(runs).hasSize(3);
  }

  @Test
  void aRetryWhileTheFirstIsInFlightIs409ThenReplaysOnceItFinished() {
    Sinks.One<StoredResponse> firstResult = Sinks.one();
    Mono<IdempotentOutcome> first = idempotency.execute("user-1", "route", Optional.of("k1"), "h",
        reserved -> firstResult.asMono()).cache();
    first.subscribe();
    awaitPending("user-1|route|k1");

    ProblemException e = catchThrowableOfType(ProblemException.class, () -> exec("k1", "h"));
    assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT);

    firstResult.tryEmitValue(new StoredResponse(202, "{\"first\":true}"));
    assertThat(first.block(T).replayed()).isFalse();
    IdempotentOutcome retry = exec("k1", "h");
    assertThat(retry.replayed()).isTrue();
    assertThat(retry.response().body()).isEqualTo("{\"first\":true}");
    assertThat(runs).isEmpty();
  }

  @Test
  void anAbandonedAttemptIsTakenOverAfterItsLeaseWithTheSameReservedId() {
    List<UUID> firstReserved = new CopyOnWriteArrayList<>();
    Disposable abandoned = idempotency.execute("user-1", "route", Optional.of("k1"), "h", reserved -> {
      firstReserved.add(reserved);
      return Mono.never();
    }).subscribe();
    awaitPending("user-1|route|k1");
    // the attempt runs only after its record is written: wait until it has started, then abandon it
    org.awaitility.Awaitility.await().atMost(T).until(() -> !firstReserved.isEmpty());
    abandoned.dispose(); // the client went away; the record stays pending

    assertThat(catchThrowableOfType(ProblemException.class, () -> exec("k1", "h")).status()).isEqualTo(HttpStatus.CONFLICT);
    clock.advance(Duration.ofSeconds(31));
    IdempotentOutcome takenOver = exec("k1", "h");
    assertThat(takenOver.replayed()).isFalse();
    assertThat(runs).containsExactly(firstReserved.get(0));
    assertThat(exec("k1", "h").replayed()).isTrue();
  }

  @Test
  void errorAnswersFreeTheKeyAndAFailedAttemptsRetryRunsWithTheSameReservedId() {
    List<UUID> failed = new CopyOnWriteArrayList<>();
    Mono<IdempotentOutcome> failing = idempotency.execute("user-1", "route", Optional.of("k1"), "h",
        reserved -> {
          failed.add(reserved);
          return Mono.error(new IllegalStateException("broker down"));
        });
    assertThat(catchThrowableOfType(IllegalStateException.class, () -> failing.block(T))).isNotNull();
    idempotency.execute("user-1", "route", Optional.of("k2"), "h",
        reserved -> Mono.just(new StoredResponse(409, "{}"))).block(T);

    assertThat(exec("k1", "h").replayed()).isFalse();
    assertThat(exec("k2", "h").replayed()).isFalse();
    assertThat(runs).hasSize(2);
    assertThat(runs.get(0)).as("the failure may have written its event: the retry reuses its id").isEqualTo(failed.get(0));
    assertThat(exec("k1", "h").replayed()).as("then the key replays as usual").isTrue();
  }

  @Test
  void recordsPastTheirRetentionAreIgnored() {
    exec("k1", "h");
    clock.advance(Duration.ofHours(25));
    IdempotentOutcome again = exec("k1", "different-request");
    assertThat(again.replayed()).isFalse();
    assertThat(runs).hasSize(2);
  }

  private void awaitPending(String id) {
    long deadline = System.nanoTime() + T.toNanos();
    while (store.find(id).blockOptional(T).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no pending record " + id);
      }
      Thread.onSpinWait();
    }
  }
}
