package io.herald.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.auth.HeraldPrincipal;
import io.herald.auth.InvalidTokenException;
import io.herald.auth.Role;
import io.herald.auth.VerifiedAccess;
import io.herald.events.DeviceTokenRemoved;
import io.herald.events.ProfileChanged;
import io.herald.events.UserDeleted;
import io.herald.events.UserEvent;
import io.herald.gateway.timers.ConnectionTimers;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

class CredentialWatchTest {

  private final ConnectionTimers timers = ConnectionTimers.manual();
  private final CredentialWatch watch = new CredentialWatch(null, null, Clock.systemUTC(), timers);
  private final HeraldPrincipal merchant = new HeraldPrincipal("u1", Role.MERCHANT, Set.of("s1", "s2"));

  private VerifiedAccess access(Duration left) {
    return new VerifiedAccess(merchant, Instant.now().plus(left), Optional.empty());
  }

  private void feed(String userId, Object payload) {
    UserEvent e = UserEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now()).setUserId(userId)
        .setPayload(payload).build();
    watch.accept(new ConsumerRecord<>(Topics.USERS.name(), 0, 0L, userId.getBytes(StandardCharsets.UTF_8),
        Topics.USERS.valueSerde().serializer().serialize(Topics.USERS.name(), e)));
  }

  @Test
  void expiresAtTheTokensExpiryOnTheTimersTick() {
    long start = System.nanoTime();
    StepVerifier.create(watch.watch(access(Duration.ofSeconds(60)), p -> true))
        .then(() -> timers.tick(start + Duration.ofSeconds(59).toNanos()))
        .expectNoEvent(Duration.ofMillis(50))
        .then(() -> assertThat(watch.watched()).isEqualTo(1))
        .then(() -> timers.tick(System.nanoTime() + Duration.ofSeconds(61).toNanos()))
        .expectNext(new CredentialEnd(CredentialEnd.Kind.EXPIRED, CredentialEnd.TOKEN_EXPIRED))
        .verifyComplete();
    assertThat(watch.watched()).as("an ended watch is forgotten").isZero();
  }

  @Test
  void aTokenAlreadyExpiredEndsAtTheNextTickNotWhileSubscribing() {
    StepVerifier.create(watch.watch(access(Duration.ofSeconds(-1)), p -> true))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(50))
        .then(() -> timers.tick(System.nanoTime()))
        .expectNext(new CredentialEnd(CredentialEnd.Kind.EXPIRED, CredentialEnd.TOKEN_EXPIRED))
        .verifyComplete();
  }

  @Test
  void expiresOnTheGatewaysOwnTimerThread() {
    try (ConnectionTimers running = ConnectionTimers.start(Duration.ofMillis(20))) {
      CredentialWatch w = new CredentialWatch(null, null, Clock.systemUTC(), running);
      StepVerifier.create(w.watch(access(Duration.ofMillis(200)), p -> true))
          .expectNext(new CredentialEnd(CredentialEnd.Kind.EXPIRED, CredentialEnd.TOKEN_EXPIRED))
          .verifyComplete();
    }
  }

  @Test
  void deletionRevokesAndUnrelatedChangesDoNot() {
    StepVerifier.create(watch.watch(access(Duration.ofHours(1)), p -> p.ownsShop("s1")))
        .then(() -> {
          feed("u1", new DeviceTokenRemoved("d"));
          feed("u2", new UserDeleted());
          feed("u1", new ProfileChanged(null, null, List.of("s1", "s3"), null, null));
          feed("u1", new UserDeleted());
        })
        .expectNext(new CredentialEnd(CredentialEnd.Kind.REVOKED, CredentialEnd.ACCOUNT_DELETED))
        .verifyComplete();
  }

  @Test
  void losingTheWatchedShopRevokes() {
    StepVerifier.create(watch.watch(access(Duration.ofHours(1)), p -> p.ownsShop("s2")))
        .then(() -> feed("u1", new ProfileChanged(null, null, List.of("s1"), null, null)))
        .expectNext(new CredentialEnd(CredentialEnd.Kind.REVOKED, CredentialEnd.ACCESS_REVOKED))
        .verifyComplete();
    StepVerifier.create(watch.requireCurrent(access(Duration.ofHours(1)), p -> p.ownsShop("s2")))
        .verifyError(InvalidTokenException.class);
    StepVerifier.create(watch.requireCurrent(access(Duration.ofHours(1)), p -> p.ownsShop("s1")))
        .expectNextCount(1).verifyComplete();
  }

  @Test
  void revokingTheSessionEndsItsConnectionsAndNoOtherSessions() {
    VerifiedAccess phone = new VerifiedAccess(merchant, Instant.now().plus(Duration.ofHours(1)), Optional.of("phone"));
    VerifiedAccess laptop = new VerifiedAccess(merchant, Instant.now().plus(Duration.ofHours(1)), Optional.of("laptop"));
    List<CredentialEnd> laptopEnds = new java.util.ArrayList<>();
    Disposable other = watch.watch(laptop, p -> true).subscribe(laptopEnds::add);
    StepVerifier.create(watch.watch(phone, p -> true))
        .then(() -> feed("u1", ProfileChanged.newBuilder().setRevokedSessionIds(List.of("phone")).build()))
        .expectNext(new CredentialEnd(CredentialEnd.Kind.REVOKED, CredentialEnd.SESSION_REVOKED))
        .verifyComplete();
    assertThat(laptopEnds).isEmpty();
    other.dispose();
    StepVerifier.create(watch.requireCurrent(phone, p -> true)).verifyError(InvalidTokenException.class);
    StepVerifier.create(watch.watch(phone, p -> true))
        .expectNext(new CredentialEnd(CredentialEnd.Kind.REVOKED, CredentialEnd.SESSION_REVOKED))
        .verifyComplete();
    StepVerifier.create(watch.requireCurrent(laptop, p -> true)).expectNextCount(1).verifyComplete();
  }

  @Test
  void aCancelledWatchLeavesNothingBehind() {
    Disposable d = watch.watch(access(Duration.ofHours(1)), p -> true).subscribe();
    assertThat(watch.watched()).isEqualTo(1);
    d.dispose();
    assertThat(watch.watched()).isZero();
  }

  @Test
  void poisonIsSkippedWithoutADeadLetterPublisherInTests() {
    watch.accept(new ConsumerRecord<>(Topics.USERS.name(), 0, 0L, "u1".getBytes(StandardCharsets.UTF_8),
        "garbage".getBytes(StandardCharsets.UTF_8)));
    StepVerifier.create(watch.watch(access(Duration.ofHours(1)), p -> true))
        .then(() -> feed("u1", new UserDeleted()))
        .expectNextMatches(end -> end.kind() == CredentialEnd.Kind.REVOKED)
        .verifyComplete();
  }
}
