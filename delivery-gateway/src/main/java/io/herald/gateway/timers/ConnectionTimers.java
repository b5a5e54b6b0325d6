package io.herald.gateway.timers;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * One timer for every live connection of a gateway: SSE heartbeats, chat pings and idle checks,
 * credential expiry. Each registered {@link Timed} is asked once per tick what is due, on this
 * class's one thread; a connection holds one set entry where it held a scheduled task (with its
 * Reactor wrappers) per timer (docs/architecture.md, "Memory per connection"). Deadlines are met
 * within one tick.
 *
 * <p>{@link Timed#tick} must not block: it hands work to its connection (a bounded buffer, a
 * non-blocking close). A tick that throws is logged and the others still run.
 */
public final class ConnectionTimers implements AutoCloseable {

  /** Something with deadlines, asked every tick. */
  @FunctionalInterface
  public interface Timed {

    /** @param nowNanos {@link System#nanoTime()} at this tick */
    void tick(long nowNanos);
  }

  /** The tick of the gateway's timers. */
  public static final Duration DEFAULT_TICK = Duration.ofMillis(250);

  private static final Logger log = LoggerFactory.getLogger(ConnectionTimers.class);

  private final Set<Timed> timed = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService thread; // null: ticked by the caller (tests)

  private ConnectionTimers(ScheduledExecutorService thread) {
    this.thread = thread;
  }

  /** Ticks every {@code tick} on its own daemon thread until {@link #close}. */
  public static ConnectionTimers start(Duration tick) {
    ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "herald-connection-timers");
      t.setDaemon(true);
      return t;
    });
    ConnectionTimers timers = new ConnectionTimers(thread);
    long nanos = tick.toNanos();
    thread.scheduleAtFixedRate(() -> {
      try {
        timers.tick(System.nanoTime());
      } catch (Throwable e) { // a periodic task that throws is never run again
        log.error("connection timers: a tick failed", e);
      }
    }, nanos, nanos, TimeUnit.NANOSECONDS);
    return timers;
  }

  /** Ticks only when the caller calls {@link #tick}: tests move time themselves. */
  public static ConnectionTimers manual() {
    return new ConnectionTimers(null);
  }

  /** Asks {@code t} every tick until the returned handle is disposed. */
  public Disposable register(Timed t) {
    timed.add(t);
    return () -> timed.remove(t);
  }

  /** One tick: every registered {@link Timed}, in no particular order. */
  public void tick(long nowNanos) {
    for (Timed t : timed) {
      try {
        t.tick(nowNanos);
      } catch (RuntimeException e) {
        log.warn("a connection timer failed: {}", e.toString());
      }
    }
  }

  /** Registered (connections and watchers). */
  public int size() {
    return timed.size();
  }

  @Override
  public void close() {
    if (thread != null) {
      thread.shutdownNow();
    }
  }
}
