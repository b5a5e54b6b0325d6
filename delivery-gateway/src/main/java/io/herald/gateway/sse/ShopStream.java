package io.herald.gateway.sse;

import io.herald.gateway.auth.CredentialEnd;
import io.herald.gateway.shopfeed.FeedEvent;
import io.herald.gateway.shopfeed.FeedSignal;
import io.herald.gateway.shopfeed.FeedTopic;
import io.herald.gateway.timers.ConnectionTimers;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Assembles one connection's SSE stream: a {@code :connected} comment, then the history (a replay,
 * or just the live start position), then the live events buffered meanwhile, de-duplicated by the
 * connection's {@link CursorTracker}; heartbeats throughout (from the {@link LiveBuffer}); a last
 * frame when it overflowed or its credentials ended.
 *
 * <p>Hand-over: the connection is registered with the live feed BEFORE its replay starts, so live
 * events from then on wait in its {@link LiveBuffer}; the replay reads up to the end offsets it sees
 * when it starts, which lie at or after the registration point. Replay and live therefore overlap
 * rather than leave a gap, and the tracker drops the overlap (offsets below the next expected one).
 *
 * <p>One operator chain per stream and no timer of its own: heartbeats, the credential end and the
 * overflow all arrive through the live buffer (docs/architecture.md, "Memory per connection").
 */
final class ShopStream {

  private static final Logger log = LoggerFactory.getLogger(ShopStream.class);
  /**
   * Live events are handed from the feed thread to the connection's event loop (framing and the write
   * run there, spread over the loops, not on the feed thread). The hand-off holds a few events
   * beyond the {@link LiveBuffer}: kept small so the buffer size is what bounds a connection.
   */
  private static final int PREFETCH = 8;

  private ShopStream() {}

  /**
   * @param history signals that precede the live events: at least the start position
   * @param liveOn where live events are handed off the feed thread: the connection's event loop
   * @param credentialEnd signals when the stream must end with a {@code reauth} or {@code revoked} frame
   * @param timers ask the live buffer for heartbeats while the stream lives
   * @param onSent called per event written (metrics)
   */
  static Flux<ServerSentEvent<String>> assemble(Flux<FeedSignal> history, LiveBuffer live, Scheduler liveOn, int partition,
                                                Duration retry, Mono<CredentialEnd> credentialEnd,
                                                ConnectionTimers timers, Consumer<FeedTopic> onSent) {
    return Flux.defer(() -> {
      CursorTracker tracker = new CursorTracker(partition);
      Disposable heartbeats = timers.register(live);
      Disposable watch = credentialEnd.subscribe(live::credentialEnded);
      Flux<ServerSentEvent<String>> events = Flux.<Object>concat(history, live.items().publishOn(liveOn, PREFETCH))
          .<ServerSentEvent<String>>handle((item, sink) -> {
            if (live.ended()) {
              sink.complete(); // overflowed (what it held is discarded) or credentials ended: stop here
            } else if (item == LiveBuffer.HEARTBEAT) {
              sink.next(SseEvents.heartbeat());
            } else if (tracker.accept((FeedSignal) item)) {
              FeedEvent e = (FeedEvent) item;
              onSent.accept(e.topic());
              sink.next(SseEvents.event(e, tracker.cursor()));
            }
          })
          .onErrorResume(e -> {
            // e.g. a stalled replay: end the stream; the client resumes from its last id
            log.warn("shop stream ended on error: {}", e.toString());
            return Flux.empty();
          })
          .concatWith(Mono.fromSupplier(live::lastFrame))
          .doFinally(signal -> {
            heartbeats.dispose();
            watch.dispose();
          });
      return Flux.concat(Mono.just(SseEvents.connected(retry)), events);
    });
  }
}
