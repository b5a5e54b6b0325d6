package io.herald.gateway.sse;

import static io.herald.gateway.sse.CursorTrackerTest.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.gateway.shopfeed.FeedPosition;
import io.herald.gateway.shopfeed.FeedSignal;
import io.herald.gateway.shopfeed.FeedTopic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class ShopStreamTest {

  private static final Duration HEARTBEAT = Duration.ofSeconds(15);
  private static final Duration RETRY = Duration.ofSeconds(3);
  private final AtomicInteger overflows = new AtomicInteger();
  private final List<FeedTopic> sent = new ArrayList<>();

  private Flux<ServerSentEvent<String>> stream(Flux<FeedSignal> history, LiveBuffer live) {
    return ShopStream.assemble(history, live, Schedulers.parallel(), 3, HEARTBEAT, RETRY, sent::add);
  }

  @Test
  void startsWithAConnectedCommentAndRetryHintThenLiveEventsWithCursorIds() {
    LiveBuffer live = new LiveBuffer(16, overflows::incrementAndGet);

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
    LiveBuffer live = new LiveBuffer(16, overflows::incrementAndGet);
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
    LiveBuffer live = new LiveBuffer(16, overflows::incrementAndGet);
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
    LiveBuffer live = new LiveBuffer(4, overflows::incrementAndGet);
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
  void sendsHeartbeatCommentsWhileIdle() {
    LiveBuffer live = new LiveBuffer(4, overflows::incrementAndGet);

    StepVerifier.withVirtualTime(() -> stream(Flux.just(new FeedPosition(new long[] {0, 0, 0})), live))
        .expectNextMatches(first -> " connected".equals(first.comment()))
        .expectNoEvent(HEARTBEAT.minusSeconds(1))
        .thenAwait(Duration.ofSeconds(1))
        .expectNextMatches(e -> " heartbeat".equals(e.comment()))
        .thenAwait(HEARTBEAT)
        .expectNextMatches(e -> " heartbeat".equals(e.comment()))
        .thenCancel()
        .verify();
  }

  @Test
  void aFailedReplayEndsTheStreamCleanlySoTheClientResumes() {
    LiveBuffer live = new LiveBuffer(4, overflows::incrementAndGet);
    Flux<FeedSignal> failing = Flux.concat(Flux.just(new FeedPosition(new long[] {0, 0, 0}), event(FeedTopic.CHECKOUT, 0)),
        Flux.error(new IllegalStateException("replay stalled")));

    StepVerifier.create(stream(failing, live).filter(e -> e.event() != null).map(ServerSentEvent::id))
        .expectNext("1.3.1.0.0")
        .verifyComplete();
  }
}
