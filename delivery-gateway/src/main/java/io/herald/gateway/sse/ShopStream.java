package io.herald.gateway.sse;

import io.herald.gateway.shopfeed.FeedEvent;
import io.herald.gateway.shopfeed.FeedSignal;
import io.herald.gateway.shopfeed.FeedTopic;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Assembles one connection's SSE stream: a {@code :connected} comment, then the history (a replay,
 * or just the live start position), then the live events buffered meanwhile, de-duplicated by the
 * connection's {@link CursorTracker}; heartbeats throughout.
 *
 * <p>Hand-over: the connection is registered with the live feed BEFORE its replay starts, so live
 * events from then on wait in its {@link LiveBuffer}; the replay reads up to the end offsets it sees
 * when it starts, which lie at or after the registration point. Replay and live therefore overlap
 * rather than leave a gap, and the tracker drops the overlap (offsets below the next expected one).
 */
final class ShopStream {

  private static final Logger log = LoggerFactory.getLogger(ShopStream.class);
  /**
   * Live events are handed from the feed thread to the connection's event loop (framing and the write
   * run there, spread over the loops, not on the feed thread). The hand-off and the merge with heartbeats hold a few events
   * each beyond the {@link LiveBuffer}: kept small so the buffer size is what bounds a connection.
   */
  private static final int PREFETCH = 8;

  private ShopStream() {}

  /**
   * @param history signals that precede the live events: at least the start position
   * @param liveOn where live events are handed off the feed thread: the connection's event loop
   * @param onSent called per event written (metrics)
   */
  static Flux<ServerSentEvent<String>> assemble(Flux<FeedSignal> history, LiveBuffer live, Scheduler liveOn, int partition,
                                                Duration heartbeat, Duration retry, Consumer<FeedTopic> onSent) {
    return Flux.defer(() -> {
      CursorTracker tracker = new CursorTracker(partition);
      Flux<ServerSentEvent<String>> events = Flux
          .concat(history, live.events().publishOn(liveOn, PREFETCH))
          .takeUntilOther(live.overflowed())
          .<ServerSentEvent<String>>handle((signal, sink) -> {
            if (tracker.accept(signal)) {
              FeedEvent e = (FeedEvent) signal;
              onSent.accept(e.topic());
              sink.next(SseEvents.event(e, tracker.cursor()));
            }
          })
          .onErrorResume(e -> {
            // e.g. a stalled replay: end the stream; the client resumes from its last id
            log.warn("shop stream ended on error: {}", e.toString());
            return Flux.empty();
          })
          .concatWith(Mono.fromSupplier(() -> live.hasOverflowed() ? SseEvents.overflow() : null));
      Sinks.Empty<Void> ended = Sinks.empty();
      Flux<ServerSentEvent<String>> heartbeats = Flux.interval(heartbeat)
          .onBackpressureDrop() // a slow client misses heartbeats, never fails on them
          .map(tick -> SseEvents.heartbeat())
          .takeUntilOther(ended.asMono());
      return Flux.concat(Mono.just(SseEvents.connected(retry)),
          Flux.merge(PREFETCH, events.doFinally(s -> ended.tryEmitEmpty()), heartbeats));
    });
  }
}
