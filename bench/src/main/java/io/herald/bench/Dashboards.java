package io.herald.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;

/**
 * A set of merchant SSE connections to the gateway, each a live stream of one shop. Opening is
 * bounded: at most {@code parallel} handshakes at once, {@code count} connections, and a deadline.
 * A connection counts as open when its {@code : connected} comment arrives.
 */
final class Dashboards implements AutoCloseable {

  /** Called for every {@code checkout} event on any connection, on that connection's event loop. */
  interface CheckoutListener {
    void onCheckout(String checkoutId, long receivedNanos);
  }

  private final List<Disposable> connections = new ArrayList<>();
  private final AtomicInteger connected = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger ended = new AtomicInteger();
  private final AtomicLong otherEvents = new AtomicLong();
  private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
  private final LatencyStats openTimes = new LatencyStats();
  private long openNanos;

  private Dashboards() {}

  /**
   * Opens {@code count} streams; connection {@code i} watches {@code shops[i % n]} from source
   * address {@code sources[i % m]}. Returns once all are open or failed, or at the deadline.
   */
  static Dashboards open(HeraldClient client, String token, List<String> shops, int count, List<String> sources,
                         int parallel, Duration deadline, Duration maxLife, CheckoutListener listener) throws InterruptedException {
    Dashboards d = new Dashboards();
    Semaphore handshakes = new Semaphore(parallel);
    long start = System.nanoTime();
    long end = start + deadline.toNanos();
    for (int i = 0; i < count && System.nanoTime() < end; i++) {
      if (!handshakes.tryAcquire(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        break;
      }
      AtomicBoolean settled = new AtomicBoolean();
      Runnable settle = () -> {
        if (settled.compareAndSet(false, true)) {
          handshakes.release();
        }
      };
      long requested = System.nanoTime();
      SseParser parser = new SseParser(new SseParser.Listener() {
        @Override
        public void onComment(String comment, long receivedNanos) {
          if (comment.equals("connected") && !settled.get()) {
            d.openTimes.record(receivedNanos - requested);
            d.connected.incrementAndGet();
            settle.run();
          }
        }

        @Override
        public void onEvent(String event, String id, String data, long receivedNanos) {
          if (event.equals("checkout")) {
            String checkoutId = SseParser.jsonField(data, "checkoutId");
            if (checkoutId != null) {
              listener.onCheckout(checkoutId, receivedNanos);
            }
          } else {
            d.otherEvents.incrementAndGet();
          }
        }
      });
      Disposable c = client.openStream(shops.get(i % shops.size()), token, sources.get(i % sources.size()), parser,
          status -> {
            if (status != 200) {
              d.fail("HTTP " + status);
              settle.run();
            }
          },
          error -> {
            if (!settled.get()) {
              d.fail(error == null ? "closed before connected" : error.getClass().getSimpleName() + ": " + error.getMessage());
              settle.run();
            } else {
              d.ended.incrementAndGet();
            }
          },
          maxLife);
      synchronized (d.connections) {
        d.connections.add(c);
      }
    }
    // wait for the handshakes still in flight (bounded by the same deadline)
    handshakes.tryAcquire(parallel, Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
    d.openNanos = System.nanoTime() - start;
    return d;
  }

  private void fail(String reason) {
    failed.incrementAndGet();
    failures.computeIfAbsent(reason.length() > 120 ? reason.substring(0, 120) : reason, k -> new AtomicInteger()).incrementAndGet();
  }

  int connected() {
    return connected.get();
  }

  int failed() {
    return failed.get();
  }

  /** Connections that ended after being open (should stay 0 while the bench holds them). */
  int ended() {
    return ended.get();
  }

  long otherEvents() {
    return otherEvents.get();
  }

  Map<String, AtomicInteger> failures() {
    return failures;
  }

  LatencyStats openTimes() {
    return openTimes;
  }

  Duration openDuration() {
    return Duration.ofNanos(openNanos);
  }

  @Override
  public void close() {
    synchronized (connections) {
      connections.forEach(Disposable::dispose);
      connections.clear();
    }
  }
}
