package io.herald.gateway.sse;

import io.herald.gateway.auth.CredentialEnd;
import io.herald.web.problem.ProblemException;
import io.herald.gateway.kafka.FeedProperties;
import io.herald.gateway.shopfeed.FeedSignal;
import io.herald.gateway.shopfeed.LiveRegistration;
import io.herald.gateway.shopfeed.ReplayStart;
import io.herald.gateway.shopfeed.ShopFeedHub;
import io.herald.gateway.shopfeed.ShopReplayer;
import io.herald.gateway.timers.ConnectionTimers;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Opens merchant streams: checks the limits (open streams, concurrent replays; 503 beyond),
 * validates a resume cursor against the shop's partition (400), registers the connection with the
 * live feed, then assembles its stream. Non-blocking: replays run on their own scheduler.
 */
final class ShopStreamService {

  private final ShopFeedHub hub;
  private final ShopReplayer replayer;
  private final StreamProperties props;
  private final Duration readyTimeout;
  private final StreamMetrics metrics;
  private final Clock clock;
  private final ConnectionTimers timers;

  ShopStreamService(ShopFeedHub hub, ShopReplayer replayer, StreamProperties props, FeedProperties feed,
                    StreamMetrics metrics, Clock clock, ConnectionTimers timers) {
    this.timers = timers;
    this.hub = hub;
    this.replayer = replayer;
    this.props = props;
    this.readyTimeout = feed.readyTimeout();
    this.metrics = metrics;
    this.clock = clock;
  }

  /** The stream, or an error to render before any byte is sent (400, 503). */
  Mono<Flux<ServerSentEvent<String>>> open(String shopId, StreamStart start) {
    return open(shopId, start, Mono.never(), Schedulers.parallel());
  }

  /**
   * As above, ending when {@code credentialEnd} signals: a last {@code reauth} (expired) or
   * {@code revoked} event without an id (the client's Last-Event-ID stays its last event's), then
   * the end of the response. Live events are handed to {@code liveOn}: the connection's event loop
   * ({@link io.herald.gateway.eventloop.EventLoops}).
   */
  Mono<Flux<ServerSentEvent<String>>> open(String shopId, StreamStart start, Mono<CredentialEnd> credentialEnd,
                                           Scheduler liveOn) {
    return hub.ready()
        .timeout(readyTimeout)
        .onErrorMap(e -> unavailable("feed-not-ready", "The live feed is not available yet."))
        .then(Mono.fromCallable(() -> connect(shopId, start, credentialEnd, liveOn)));
  }

  /** Whether the live feed is ready: then {@link #connect} answers at once. */
  boolean ready() {
    return hub.isReady();
  }

  /**
   * The stream, synchronously, once the feed is {@link #ready}.
   *
   * @throws ProblemException to render before any byte is sent (400, 503)
   */
  Flux<ServerSentEvent<String>> connect(String shopId, StreamStart start, Mono<CredentialEnd> credentialEnd,
                                        Scheduler liveOn) {
    int partition;
    try {
      partition = hub.partitionFor(shopId);
    } catch (IllegalStateException e) {
      throw unavailable("feed-stopped", "The live feed is not available.");
    }
    if (start instanceof StreamStart.Resume r) {
      r.cursor().requirePartition(partition);
    }
    if (metrics.openStreams().incrementAndGet() > props.maxConnections()) {
      metrics.openStreams().decrementAndGet();
      throw unavailable("max-connections", "This gateway holds its maximum number of streams.");
    }
    Optional<ShopReplayer.Reservation> replay = Optional.empty();
    LiveRegistration registration;
    LiveBuffer live = new LiveBuffer(props.bufferSize(), metrics::overflow, props.heartbeat());
    try {
      if (!(start instanceof StreamStart.Live)) {
        replay = Optional.of(replayer.tryReserve()
            .orElseThrow(() -> unavailable("max-replays", "Too many streams are catching up right now.")));
      }
      registration = hub.subscribe(shopId, live); // before any replay starts: see ShopStream
    } catch (RuntimeException e) {
      replay.ifPresent(ShopReplayer.Reservation::close);
      metrics.openStreams().decrementAndGet();
      throw e instanceof ProblemException ? e : unavailable("feed-stopped", "The live feed is not available.");
    }
    Flux<FeedSignal> history = replay
        .map(slot -> {
          metrics.replay(start);
          return replayer.replay(slot, shopId, partition, replayStart(start));
        })
        .orElseGet(() -> Flux.just(registration.start()));
    Optional<ShopReplayer.Reservation> slot = replay;
    return ShopStream.assemble(history, live, liveOn, partition, props.retry(), credentialEnd, timers, metrics::sent)
        .doFinally(signal -> {
          registration.close();
          slot.ifPresent(ShopReplayer.Reservation::close);
          metrics.openStreams().decrementAndGet();
        });
  }

  private ReplayStart replayStart(StreamStart start) {
    if (start instanceof StreamStart.Resume r) {
      return new ReplayStart.FromPosition(r.cursor().position());
    }
    int minutes = ((StreamStart.Recent) start).minutes();
    return new ReplayStart.Since(clock.instant().minus(Duration.ofMinutes(minutes)));
  }

  private ProblemException unavailable(String reason, String detail) {
    metrics.rejected(reason);
    return ProblemException.unavailable(detail, props.retryAfter());
  }
}
