package io.herald.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * End-to-end latency at a fixed, bounded rate (open loop): checkouts posted at R/s round-robin over
 * a few shops, each watched by one dashboard; latency = the moment the bench issues the POST → the
 * moment the stream's {@code checkout} event with that checkout id arrives. Both ends are in the
 * bench's JVM, so one monotonic clock measures both.
 */
final class LatencyBench {

  private static final Duration GRACE = Duration.ofSeconds(10);

  private final Options o;
  private final HeraldClient client;
  private final Accounts accounts;
  private final Probe probe;
  private final Report report;

  LatencyBench(Options o, HeraldClient client, Accounts accounts, Probe probe, Report report) {
    this.o = o;
    this.client = client;
    this.accounts = accounts;
    this.probe = probe;
    this.report = report;
  }

  /** The figures of one phase at one rate. */
  static final class Phase {
    final String prefix;
    final int count;
    final AtomicLongArray sentAt;
    final AtomicIntegerArray seen;
    final LatencyStats e2e = new LatencyStats();
    final LatencyStats ack = new LatencyStats();
    final LatencyStats sendLag = new LatencyStats();
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger received = new AtomicInteger();
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicLong dropped = new AtomicLong();
    final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();

    Phase(String prefix, int count) {
      this.prefix = prefix;
      this.count = count;
      this.sentAt = new AtomicLongArray(count);
      this.seen = new AtomicIntegerArray(count);
    }

    void onCheckout(String checkoutId, long receivedNanos) {
      if (!checkoutId.startsWith(prefix)) {
        return;
      }
      int i = Integer.parseInt(checkoutId.substring(prefix.length()));
      if (seen.getAndIncrement(i) > 0) {
        duplicates.incrementAndGet();
        return;
      }
      e2e.record(receivedNanos - sentAt.get(i));
      received.incrementAndGet();
    }
  }

  void run() throws Exception {
    List<Integer> rates = o.integers("rates", "200,1000");
    Duration duration = o.seconds("duration", 30);
    Duration warmup = o.seconds("warmup", 5);
    List<String> shops = accounts.latencyShops;

    report.line("## End-to-end latency at a fixed rate");
    report.line("");
    report.line("Open loop: checkouts posted at a fixed rate for %d s (after %d s of warm-up at the same rate, not counted), "
        + "round-robin over %d shops and %d customers; one dashboard (SSE) per shop. e2e = POST issued → `checkout` event "
        + "read from the stream; 202 = POST issued → 202 received. Same JVM, same monotonic clock for both ends.",
        duration.toSeconds(), warmup.toSeconds(), shops.size(), Accounts.CUSTOMERS);
    report.line("");
    StringBuilder table = new StringBuilder(LatencyStats.header()).append('\n');
    for (int rate : rates) {
      AtomicReferenceHolder current = new AtomicReferenceHolder();
      try (Dashboards d = Dashboards.open(client, accounts.merchantToken, shops, shops.size(), List.of("127.0.0.1"), shops.size(),
          Duration.ofSeconds(30), duration.plus(warmup).plus(GRACE).plusSeconds(60), (id, at) -> {
            Phase p = current.phase;
            if (p != null) {
              p.onCheckout(id, at);
            }
          })) {
        if (d.connected() != shops.size()) {
          throw new IllegalStateException("dashboards did not connect: " + d.failures());
        }
        double othersBefore = probe.awaitQuiet(o);
        Report.progress("rate %d/s: warm-up %d s", rate, warmup.toSeconds());
        Phase w = new Phase("lw-" + accounts.run + "-" + rate + "-", (int) Math.max(1, rate * warmup.toSeconds()));
        current.phase = w;
        drive(w, rate, herald(w, shops), warmup);
        awaitReceived(w);
        Report.progress("rate %d/s: measuring %d s", rate, duration.toSeconds());
        Phase p = new Phase("lat-" + accounts.run + "-" + rate + "-", (int) (rate * duration.toSeconds()));
        current.phase = p;
        Probe.CpuWindow cpu = probe.cpuWindow();
        long t0 = System.nanoTime();
        drive(p, rate, herald(p, shops), duration);
        double sendSeconds = (System.nanoTime() - t0) / 1e9;
        awaitReceived(p);
        List<String> cpuLines = cpu.finish(8);
        report.line("### %d checkouts/s", rate);
        report.line("");
        report.line("- sent %d in %.1f s (%.0f/s), accepted (202) %d, errors %s, ticks dropped by the load generator %d",
            p.count - p.dropped.get(), sendSeconds, (p.count - p.dropped.get()) / sendSeconds, p.accepted.get(),
            Bench.sortedCounts(p.errors), p.dropped.get());
        report.line("- received on the streams %d (missing %d, duplicates %d)", p.received.get(),
            p.accepted.get() - p.received.get(), p.duplicates.get());
        report.line("- e2e: %s", p.e2e.summary());
        report.line("- 202: %s", p.ack.summary());
        report.line("- load generator's send lag behind schedule: %s", p.sendLag.summary());
        report.line("- other processes just before: %.2f cores", othersBefore);
        cpuLines.forEach(l -> report.line("- %s", l));
        report.line("");
        table.append(p.e2e.row(rate + "/s e2e")).append('\n');
        table.append(p.ack.row(rate + "/s 202")).append('\n');
        current.phase = null;
      }
    }
    report.line(table.toString());
  }

  private static final class AtomicReferenceHolder {
    volatile Phase phase;
  }

  /** Tick {@code i}: checkout {@code p.prefix + i} to shop {@code i mod shops} by customer {@code i mod customers}. */
  private IntFunction<Mono<HeraldClient.Answer>> herald(Phase p, List<String> shops) {
    return i -> client.postCheckout(shops.get(i % shops.size()), accounts.customer(i), p.prefix + i);
  }

  /**
   * Posts {@code p.count} checkouts at {@code rate}/s ({@code post} makes tick i's request, whose
   * checkout id must be {@code p.prefix + i}); stops at the count or after {@code duration} + 5 s.
   */
  static void drive(Phase p, int rate, IntFunction<Mono<HeraldClient.Answer>> post, Duration duration) {
    long periodNanos = 1_000_000_000L / rate;
    long start = System.nanoTime();
    Flux.interval(Duration.ofNanos(periodNanos))
        .onBackpressureDrop(tick -> p.dropped.incrementAndGet())
        .take(p.count)
        .take(duration.plusSeconds(5))
        .flatMap(tick -> {
          int i = tick.intValue();
          long now = System.nanoTime();
          p.sendLag.record(now - (start + (i + 1) * periodNanos));
          p.sentAt.set(i, now);
          return post.apply(i)
              .doOnNext(a -> {
                if (a.status() == 202) {
                  p.ack.record(System.nanoTime() - now);
                  p.accepted.incrementAndGet();
                } else {
                  p.errors.computeIfAbsent("HTTP " + a.status(), k -> new AtomicInteger()).incrementAndGet();
                }
              })
              .onErrorResume(e -> {
                p.errors.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
                return Mono.empty();
              });
        }, 4096)
        .blockLast(duration.plusSeconds(60));
  }

  static void awaitReceived(Phase p) throws InterruptedException {
    long end = System.nanoTime() + GRACE.toNanos();
    while (p.received.get() < p.accepted.get() && System.nanoTime() < end) {
      Thread.sleep(20);
    }
  }
}
