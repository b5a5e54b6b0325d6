package io.herald.gateway.sse;

import static io.herald.gateway.sse.CursorTrackerTest.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.gateway.auth.CredentialEnd;
import io.herald.gateway.shopfeed.FeedPosition;
import io.herald.gateway.shopfeed.FeedSignal;
import io.herald.gateway.shopfeed.FeedTopic;
import io.herald.gateway.timers.ConnectionTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class ShopStreamTest {

  private static final Duration HEARTBEAT = Duration.ofSeconds(15);
  private static final Duration RETRY = Duration.ofSeconds(3);
  /** Buffers whose heartbeat is never due in a test. */
  static final Duration NO_HEARTBEAT = Duration.ofDays(365);
  private final AtomicInteger overflows = new AtomicInteger();
  private final List<FeedTopic> sent = new ArrayList<>();

  private final ConnectionTimers timers = ConnectionTimers.manual();

  private Flux<ServerSentEvent<String>> stream(Flux<FeedSignal> history, LiveBuffer live) {
    return stream(history, live, Mono.never());
  }

  private Flux<ServerSentEvent<String>> stream(Flux<FeedSignal> history, LiveBuffer live, Mono<CredentialEnd> end) {
    return ShopStream.assemble(history, live, Schedulers.parallel(), 3, RETRY, end, timers, sent::add);
  }

  @Test
  void startsWithAConnectedCommentAndRetryHintThenLiveEventsWithCursorIds() {
    LiveBuffer live = new LiveBuffer(16, overflows::incrementAndGet, NO_HEARTBEAT);

    StepVerifier.create(stream(Flux.just(new FeedPosition(new long[] {10, 20, 30})), live))
        .assertNext(first -> {
          assertThat(first.comment()).isEqualTo(" connected");
          assertThat(first.retry()).isEqualTo(RETRY);
          assertThat(first.data()).isNull();
        })
        .then(() -> live.onEvent(event(FeedTopic.CHECKOUT, 10)))
        .assertNext(e -> {
          assertThat(e.event()).isEqualTo("checkout");
          assertThat(e.id()).isEqualTo("1.3.11.20.30");
          assertThat(e.data()).isEqualTo("{\"o\":10}");
        })
        .then(() -> live.onEvent(event(FeedTopic.STATS, 30)))
        .assertNext(e -> assertThat(e.id()).isEqualTo("1.3.11.20.31"))
        .then(live::onClose)
        .verifyComplete();
    assertThat(sent).containsExactly(FeedTopic.CHECKOUT, FeedTopic.STATS);
  }

  @Test
  void handsOverFromReplayToBufferedLiveEventsWithoutGapOrDuplicate() {
    LiveBuffer live = new LiveBuffer(16, overflows::incrementAndGet, NO_HEARTBEAT);
    // registered at checkouts@6: live already holds 6 and 7, which the replay (5..7, end 8) also reads
    live.onEvent(event(FeedTopic.CHECKOUT, 6));
    live.onEvent(event(FeedTopic.CHECKOUT, 7));
    live.onEvent(event(FeedTopic.MESSAGE, 40));
    Flux<FeedSignal> replay = Flux.just(new FeedPosition(new long[] {5, 40, 0}), event(FeedTopic.CHECKOUT, 5),
        event(FeedTopic.CHECKOUT, 6), event(FeedTopic.CHECKOUT, 7), new FeedPosition(new long[] {8, 40, 0}));

    StepVerifier.create(stream(replay, live).filter(e -> e.event() != null).map(ServerSentEvent::id))
        .expectNext("1.3.6.40.0", "1.3.7.40.0", "1.3.8.40.0", "1.3.8.41.0")
        .then(() -> live.onEvent(event(FeedTopic.CHECKOUT, 8)))
        .expectNext("1.3.9.41.0")
        .then(live::onClose)
        .verifyComplete();
  }

  @Test
  void liveEventsWaitForTheReplayToFinish() {
    LiveBuffer live = new LiveBuffer(16, overflows::incrementAndGet, NO_HEARTBEAT);
    Sinks.Many<FeedSignal> replay = Sinks.many().unicast().onBackpressureBuffer();

    StepVerifier.create(stream(replay.asFlux(), live).filter(e -> e.event() != null).map(ServerSentEvent::id))
        .then(() -> {
          replay.tryEmitNext(new FeedPosition(new long[] {0, 0, 0}));
          live.onEvent(event(FeedTopic.MESSAGE, 3)); // arrives live while history is still read
          replay.tryEmitNext(event(FeedTopic.CHECKOUT, 0));
        })
        .expectNext("1.3.1.0.0")
        .then(replay::tryEmitComplete)
        .expectNext("1.3.1.4.0")
        .then(live::onClose)
        .verifyComplete();
  }

  @Test
  void aSlowReaderOverflowsAndItsStreamEndsWithAnOverflowEventAfterAGapFreePrefix() {
    LiveBuffer live = new LiveBuffer(4, overflows::incrementAndGet, NO_HEARTBEAT);
    List<ServerSentEvent<String>> got = new ArrayList<>();

    StepVerifier.create(stream(Flux.just(new FeedPosition(new long[] {0, 0, 0})), live), 1)
        .expectNextMatches(first -> " connected".equals(first.comment()))
        .then(() -> {
          for (int i = 0; i < 200; i++) {
            live.onEvent(event(FeedTopic.CHECKOUT, i));
          }
        })
        .thenRequest(Long.MAX_VALUE)
        .recordWith(() -> got)
        .thenConsumeWhile(e -> !SseEvents.OVERFLOW.equals(e.event()))
        .expectNextMatches(e -> SseEvents.OVERFLOW.equals(e.event()))
        .verifyComplete();

    assertThat(overflows).hasValue(1);
    assertThat(got).last().satisfies(e -> {
      assertThat(e.event()).isEqualTo(SseEvents.OVERFLOW);
      assertThat(e.id()).as("keeps the client's last id").isNull();
    });
    List<String> ids = got.subList(0, got.size() - 1).stream().map(ServerSentEvent::id).toList();
    assertThat(ids).as("what the buffer held is discarded, not sent").hasSizeLessThan(200 - 4);
    for (int i = 0; i < ids.size(); i++) {
      assertThat(ids.get(i)).isEqualTo("1.3." + (i + 1) + ".0.0");
    }
  }

  @Test
  void sendsHeartbeatCommentsWhenTheTimersFindThemDue() {
    LiveBuffer live = new LiveBuffer(4, overflows::incrementAndGet, HEARTBEAT);
    long start = System.nanoTime();

    StepVerifier.create(stream(Flux.just(new FeedPosition(new long[] {0, 0, 0})), live))
        .expectNextMatches(first -> " connected".equals(first.comment()))
        .then(() -> timers.tick(start - 1_000_000 + HEARTBEAT.toNanos() - Duration.ofSeconds(1).toNanos()))
        .expectNoEvent(Duration.ofMillis(100))
        .then(() -> timers.tick(start + HEARTBEAT.toNanos() + 1))
        .expectNextMatches(e -> " heartbeat".equals(e.comment()))
        .then(() -> timers.tick(start + HEARTBEAT.toNanos() + 2)) // the next one is due a heartbeat later
        .expectNoEvent(Duration.ofMillis(100))
        .then(() -> timers.tick(start + 2 * HEARTBEAT.toNanos() + 2))
        .expectNextMatches(e -> " heartbeat".equals(e.comment()))
        .then(() -> assertThat(timers.size()).isEqualTo(1))
        .thenCancel()
        .verify();
    assertThat(timers.size()).as("a finished stream leaves the timers").isZero();
  }

  @Test
  void aHeartbeatIsNotQueuedBehindWaitingEventsAndNeverOverflowsTheBuffer() {
    LiveBuffer live = new LiveBuffer(2, overflows::incrementAndGet, HEARTBEAT);
    live.onEvent(event(FeedTopic.CHECKOUT, 0));
    live.onEvent(event(FeedTopic.CHECKOUT, 1)); // full, nobody reading yet
    live.tick(System.nanoTime() + 2 * HEARTBEAT.toNanos());

    assertThat(live.hasOverflowed()).isFalse();
    assertThat(overflows).hasValue(0);
    StepVerifier.create(live.items())
        .expectNextCount(2)
        .then(live::onClose)
        .verifyComplete();
  }

  @Test
  void endsWithAReauthFrameWhenTheCredentialsExpireAndSendsNothingItStillHeld() {
    LiveBuffer live = new LiveBuffer(16, overflows::incrementAndGet, HEARTBEAT);
    Sinks.One<CredentialEnd> end = Sinks.one();

    StepVerifier.create(stream(Flux.just(new FeedPosition(new long[] {0, 0, 0})), live, end.asMono()), 1)
        .expectNextMatches(first -> " connected".equals(first.comment()))
        .then(() -> {
          live.onEvent(event(FeedTopic.CHECKOUT, 0)); // waits: the client asked for nothing more
          end.tryEmitValue(new CredentialEnd(CredentialEnd.Kind.EXPIRED, CredentialEnd.TOKEN_EXPIRED));
          live.onEvent(event(FeedTopic.CHECKOUT, 1)); // after the end: dropped
        })
        .thenRequest(Long.MAX_VALUE)
        .assertNext(e -> {
          assertThat(e.event()).isEqualTo(SseEvents.REAUTH);
          assertThat(e.id()).as("keeps the client's last id").isNull();
        })
        .verifyComplete();
    assertThat(sent).isEmpty();
    assertThat(timers.size()).isZero();
  }

  @Test
  void aRevocationDuringTheReplayStopsTheReplay() {
    LiveBuffer live = new LiveBuffer(16, overflows::incrementAndGet, HEARTBEAT);
    Sinks.One<CredentialEnd> end = Sinks.one();
    Sinks.Many<FeedSignal> replay = Sinks.many().unicast().onBackpressureBuffer();
    AtomicInteger cancelled = new AtomicInteger();

    StepVerifier.create(stream(replay.asFlux().doOnCancel(cancelled::incrementAndGet), live, end.asMono())
            .filter(e -> e.comment() == null))
        .then(() -> {
          replay.tryEmitNext(new FeedPosition(new long[] {0, 0, 0}));
          replay.tryEmitNext(event(FeedTopic.CHECKOUT, 0));
        })
        .expectNextMatches(e -> "checkout".equals(e.event()))
        .then(() -> {
          end.tryEmitValue(new CredentialEnd(CredentialEnd.Kind.REVOKED, CredentialEnd.ACCOUNT_DELETED));
          replay.tryEmitNext(event(FeedTopic.CHECKOUT, 1));
        })
        .expectNextMatches(e -> SseEvents.REVOKED.equals(e.event()))
        .verifyComplete();
    assertThat(cancelled).hasValue(1);
    assertThat(sent).containsExactly(FeedTopic.CHECKOUT);
  }

  @Test
  void aFailedReplayEndsTheStreamCleanlySoTheClientResumes() {
    LiveBuffer live = new LiveBuffer(4, overflows::incrementAndGet, NO_HEARTBEAT);
    Flux<FeedSignal> failing = Flux.concat(Flux.just(new FeedPosition(new long[] {0, 0, 0}), event(FeedTopic.CHECKOUT, 0)),
        Flux.error(new IllegalStateException("replay stalled")));

    StepVerifier.create(stream(failing, live).filter(e -> e.event() != null).map(ServerSentEvent::id))
        .expectNext("1.3.1.0.0")
        .verifyComplete();
  }
}
