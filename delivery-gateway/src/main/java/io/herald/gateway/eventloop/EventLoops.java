package io.herald.gateway.eventloop;

import io.herald.auth.web.ReactorNettyRequests;
import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * A live connection's Netty event loop as a Reactor {@link Scheduler}: where a stream or socket hands
 * its live items off the Kafka reader's thread. Reactor Netty writes a connection's frames on that
 * loop; handed to it directly, a frame is encoded and written there in one go, where a hand-off to
 * Reactor's parallel scheduler first costs one more thread switch (parallel, then Netty queues the
 * write to the loop). The per-connection work still spreads over as many threads as before (one
 * loop per core, like parallel). Without Reactor Netty underneath (tests with mock exchanges):
 * parallel.
 */
public final class EventLoops {

  /** One scheduler per event loop: as many as the server has loops (a few per test server). */
  private static final int MAX_CACHED = 256;
  private static final Map<EventLoop, Scheduler> SCHEDULERS = new ConcurrentHashMap<>();

  private EventLoops() {}

  /**
   * The loop of the connection {@code request} arrived on; for a WebSocket, take it from the handshake
   * request: the socket stays on its connection.
   */
  public static Scheduler of(ServerHttpRequest request) {
    return ReactorNettyRequests.of(request)
        .map(netty -> netty instanceof Connection c ? of(c.channel().eventLoop()) : null)
        .orElse(Schedulers.parallel());
  }

  static Scheduler of(EventLoop loop) {
    Scheduler cached = SCHEDULERS.get(loop);
    if (cached != null) {
      return cached;
    }
    if (loop.isShuttingDown()) {
      return Schedulers.parallel();
    }
    if (SCHEDULERS.size() >= MAX_CACHED) { // loops of stopped servers: forget them, keep the map bounded
      SCHEDULERS.keySet().removeIf(EventLoop::isShuttingDown);
      if (SCHEDULERS.size() >= MAX_CACHED) {
        return Schedulers.fromExecutor(loop);
      }
    }
    return SCHEDULERS.computeIfAbsent(loop, Schedulers::fromExecutor);
  }
}
