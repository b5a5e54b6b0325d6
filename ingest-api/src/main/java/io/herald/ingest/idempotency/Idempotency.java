package io.herald.ingest.idempotency;

import io.herald.web.problem.ProblemException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Runs a request at most once per (scope, route, Idempotency-Key): the first attempt reserves the
 * key and an id, runs, and stores a successful answer; a retry with the same body gets that answer
 * again ({@code replayed}); a different body is 422; a retry while the first is in flight is 409.
 * An error answer (4xx/5xx the action returned: nothing happened) frees the key. A failed attempt
 * (an exception: a broker or database time-out, which may have written the event after all) ends its
 * lease but keeps the reserved id, and an attempt that died without either (crash, lost connection)
 * holds the key for {@code lease}; the next retry then re-runs the request with the reserved id, so
 * any duplicate event carries the same event id.
 */
@Component
public class Idempotency {

  private static final Logger log = LoggerFactory.getLogger(Idempotency.class);

  private final IdempotencyStore store;
  private final IdempotencySettings settings;
  private final Clock clock;

  Idempotency(IdempotencyStore store, IdempotencySettings settings, Clock clock) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  @EventListener(ApplicationReadyEvent.class)
  void createIndexes() {
    store.ensureIndexes(settings.retention())
        .subscribe(null, e -> log.warn("cannot create the idempotency TTL index: {}", e.toString()));
  }

  /**
   * @param scope whose key it is (user id, or the e-mail for sign-ups)
   * @param route the operation, so one key is not shared by different operations
   * @param requestHash {@link RequestFingerprint} of the request
   * @param action runs the request with the reserved id; its answer is stored when 2xx
   */
  public Mono<IdempotentOutcome> execute(String scope, String route, Optional<String> key, String requestHash,
                                         Function<UUID, Mono<StoredResponse>> action) {
    return execute(scope, route, key, () -> requestHash, action);
  }

  /**
   * As above, the fingerprint computed only when there is a key: a hot path without an
   * Idempotency-Key does not pay for re-serialising and hashing its body.
   */
  public Mono<IdempotentOutcome> execute(String scope, String route, Optional<String> key, Supplier<String> requestHash,
                                         Function<UUID, Mono<StoredResponse>> action) {
    if (key.isEmpty()) {
      return Mono.defer(() -> action.apply(UUID.randomUUID())).map(r -> new IdempotentOutcome(r, false));
    }
    String id = scope + "|" + route + "|" + key.get();
    return Mono.defer(() -> {
      Instant now = clock.instant();
      IdempotencyRecord fresh = IdempotencyRecord.pending(id, requestHash.get(), UUID.randomUUID(), now, now.plus(settings.lease()));
      return store.tryInsert(fresh).flatMap(inserted -> inserted
          ? run(fresh, action)
          : store.find(id)
              .switchIfEmpty(Mono.error(() -> inFlight()))  // removed meanwhile: let the client retry
              .flatMap(existing -> resolve(existing, fresh, action)));
    });
  }

  private Mono<IdempotentOutcome> resolve(IdempotencyRecord existing, IdempotencyRecord fresh,
                                          Function<UUID, Mono<StoredResponse>> action) {
    Instant now = clock.instant();
    if (existing.createdAt().toInstant().plus(settings.retention()).isBefore(now)) {
      return store.replaceExpired(existing, fresh)
          .flatMap(ok -> ok ? run(fresh, action) : Mono.error(inFlight()));
    }
    if (!existing.requestHash().equals(fresh.requestHash())) {
      return Mono.error(ProblemException.unprocessable("this Idempotency-Key was used with a different request"));
    }
    if (!existing.isPending()) {
      return Mono.just(new IdempotentOutcome(existing.response(), true));
    }
    if (existing.leaseUntil().toInstant().isAfter(now)) {
      return Mono.error(inFlight());
    }
    IdempotencyRecord taken = new IdempotencyRecord(existing.id(), existing.requestHash(), existing.reservedId(),
        existing.createdAt(), java.util.Date.from(now.plus(settings.lease())), null);
    return store.takeOver(existing, taken.leaseUntil().toInstant())
        .flatMap(ok -> ok ? run(taken, action) : Mono.error(inFlight()));
  }

  private Mono<IdempotentOutcome> run(IdempotencyRecord ours, Function<UUID, Mono<StoredResponse>> action) {
    return Mono.defer(() -> action.apply(ours.reservedId()))
        .flatMap(response -> (response.isSuccess() ? store.complete(ours, response) : store.release(ours))
            // The work is done; failing to record it must not turn success into an error. A retry
            // then finds the key pending, and after the lease re-runs with the same reserved id.
            .onErrorResume(e -> {
              log.warn("cannot record idempotent answer for {}: {}", ours.id(), e.toString());
              return Mono.empty();
            })
            .thenReturn(new IdempotentOutcome(response, false)))
        // A failure may be ambiguous (the event was written but the ack was lost): keep the reserved
        // id for the retry rather than freeing the key, so a duplicate record carries the same event id.
        .onErrorResume(error -> store.endLease(ours, clock.instant())
            .onErrorResume(e -> Mono.empty())
            .then(Mono.error(error)));
  }

  private static ProblemException inFlight() {
    return ProblemException.conflict("a request with this Idempotency-Key is in progress; retry shortly");
  }
}
