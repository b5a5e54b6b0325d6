package io.herald.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Before any measurement: drives the whole path (posts, one watching dashboard, the shop figures)
 * for a while so the JIT has compiled it, then measures what the platform burns when idle.
 */
final class WarmupBench {

  private final Options o;
  private final HeraldClient client;
  private final Accounts accounts;
  private final Probe probe;
  private final Report report;

  WarmupBench(Options o, HeraldClient client, Accounts accounts, Probe probe, Report report) {
    this.o = o;
    this.client = client;
    this.accounts = accounts;
    this.probe = probe;
    this.report = report;
  }

  void run() throws Exception {
    Duration duration = o.seconds("platform-warmup", 60);
    int clients = o.integer("warmup-clients", 32);
    Duration idle = o.seconds("idle", 10);
    AtomicLong accepted = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicInteger seen = new AtomicInteger();
    String shop = accounts.latencyShops.get(0);
    if (!duration.isZero()) {
      Report.progress("warming up the platform: %d clients for %d s, one dashboard watching", clients, duration.toSeconds());
      long t0 = System.nanoTime();
      try (Dashboards d = Dashboards.open(client, accounts.merchantToken, List.of(shop), 1, List.of("127.0.0.1"), 1,
          Duration.ofSeconds(30), duration.plusSeconds(60), (id, at) -> seen.incrementAndGet())) {
        long end = t0 + duration.toNanos();
        Flux.range(0, 2_000_000)
            .takeWhile(i -> System.nanoTime() < end) // in-flight requests finish (no cancelled connections)
            .flatMap(i -> client.postCheckout(i % 4 == 0 ? shop : accounts.loadShops.get(i % accounts.loadShops.size()),
                    accounts.customer(i), "warm-" + accounts.run + "-" + i)
                .doOnNext(a -> (a.status() == 202 ? accepted : failed).incrementAndGet())
                .onErrorResume(e -> {
                  failed.incrementAndGet();
                  return Mono.empty();
                }), clients, 1)
            .blockLast(duration.plusSeconds(60));
      }
      double s = (System.nanoTime() - t0) / 1e9;
      report.line("warm-up (not measured): %d checkouts accepted in %.0f s (%.0f/s) by %d clients, %d failed, %d seen by a dashboard",
          accepted.get(), s, accepted.get() / s, clients, failed.get(), seen.get());
    }
    if (!idle.isZero()) {
      probe.awaitQuiet(o);
      Probe.CpuWindow cpu = probe.cpuWindow();
      Thread.sleep(idle.toMillis());
      report.line("idle platform (no traffic, no streams): %s", String.join("; ", cpu.finish(6)));
    }
    report.line("");
  }
}
