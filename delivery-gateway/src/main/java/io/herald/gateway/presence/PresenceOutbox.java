package io.herald.gateway.presence;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * One socket's pending presence news: WHICH contacts changed, in the order they changed, each at most
 * once. A frame is rendered when the socket can take it, from the table's CURRENT state, so a slow
 * client never gets a stale state after a newer one and never holds more than one entry per contact:
 * bounded by the user's contacts, no overflow. Marks come from any thread and never block.
 */
final class PresenceOutbox {

  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final Queue<String> order = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean signalled = new AtomicBoolean();
  /** At most one wake-up is outstanding (the flag above), so a tiny queue never fills. */
  private final Sinks.Many<Boolean> wake = Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(4));

  /** The user's presence changed (or is news to this socket). */
  void mark(String userId) {
    if (pending.add(userId)) {
      order.offer(userId);
      if (signalled.compareAndSet(false, true)) {
        synchronized (this) { // a Sinks.Many takes one producer at a time
          wake.tryEmitNext(Boolean.TRUE);
        }
      }
    }
  }

  /** Single subscriber: the socket's output. {@code render} turns a user id into its current frame. */
  Flux<String> frames(Function<String, String> render) {
    return wake.asFlux()
        .publishOn(Schedulers.parallel(), 1) // off the marking threads (Kafka reader, Mongo, event loops)
        .concatMap(signal -> Flux.fromIterable(drain(render)), 1);
  }

  private List<String> drain(Function<String, String> render) {
    signalled.set(false); // marks from now on wake again; this pass may take them too (then the next is empty)
    List<String> frames = new ArrayList<>();
    String userId;
    while ((userId = order.poll()) != null) {
      pending.remove(userId); // before rendering: a change after this point is marked again
      frames.add(render.apply(userId));
    }
    return frames;
  }
}
