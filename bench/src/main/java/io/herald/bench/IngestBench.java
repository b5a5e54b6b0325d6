package io.herald.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Ingest throughput: N concurrent keep-alive clients, each posting its next checkout as soon as the
 * previous one is answered (closed loop), over M shops, for a fixed duration and at most a fixed
 * count. Accepted = 202, which the API sends only after the broker acknowledged (acks=all).
 */
final class IngestBench extends BenchPhase {


  IngestBench(Options o, HeraldClient client, Accounts accounts, Probe probe, Report report, Platform platform) {
    super(o, client, accounts, probe, report, platform);
  }

  /** The figures of one closed-loop phase. */
  static final class Phase {
    final LatencyStats ack = new LatencyStats();
    final AtomicLong accepted = new AtomicLong();
    final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
    final Map<Integer, String> firstErrorBody = new ConcurrentHashMap<>();
    double seconds;
  }

  void run() throws Exception {
    List<Integer> clients = o.integers("clients", "1,8,64");
    Duration duration = o.seconds("duration", 30);
    Duration warmup = o.seconds("warmup", 5);
    long maxRequests = o.longValue("max-requests", 3_000_000);
    List<String> shops = accounts.loadShops;

    report.line("## Ingest throughput");
    report.line("");
    report.line("Closed loop: N clients (one keep-alive connection each, pool of N), each posting its next checkout "
        + "(2 items, ~%d-byte JSON body) when the previous answer arrives, over %d shops and %d customers, for %d s "
        + "(at most %d requests) after %d s of warm-up. No dashboard is connected (the gateway's live consumer skips the "
        + "records without decoding them); the shop-figures topology (exactly-once) consumes every checkout in the same process.",
        HeraldClient.checkoutJson("ing-xxxxxx-64-1234567").length(), shops.size(), Accounts.CUSTOMERS, duration.toSeconds(),
        maxRequests, warmup.toSeconds());
    report.line("");
    StringBuilder table = new StringBuilder("| N clients | accepted/s | errors | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | platform CPU (cores) |\n"
        + "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (int n : clients) {
      double othersBefore = probe.awaitQuiet(o);
      Report.progress("%d clients: warm-up %d s", n, warmup.toSeconds());
      drive(n, herald(shops, "iw-" + accounts.run + "-" + n + "-"), warmup, maxRequests);
      Report.progress("%d clients: measuring %d s", n, duration.toSeconds());
      PlatformJmx.Snapshot jmx0 = PlatformJmx.take(platform.pid());
      Probe.CpuWindow cpu = probe.cpuWindow();
      long platformCpu0 = platform.cpuMillis();
      long t0 = System.nanoTime();
      Phase p = drive(n, herald(shops, "ing-" + accounts.run + "-" + n + "-"), duration, maxRequests);
      double wall = (System.nanoTime() - t0) / 1e9;
      PlatformJmx.Snapshot jmx1 = jmx0.available() ? PlatformJmx.take(platform.pid()) : PlatformJmx.Snapshot.NONE;
      double cores = platformCpu0 < 0 ? Double.NaN : (platform.cpuMillis() - platformCpu0) / 1000.0 / wall;
      List<String> cpuLines = cpu.finish(10);
      String producer = producerFigures();
      double rate = p.accepted.get() / p.seconds;
      report.line("### %d clients", n);
      report.line("");
      report.line("- accepted %d in %.1f s = **%.0f/s**; errors %s%s", p.accepted.get(), p.seconds, rate,
          Bench.sortedCounts(p.errors), p.firstErrorBody.isEmpty() ? "" : " first bodies " + p.firstErrorBody);
      report.line("- 202 latency: %s", p.ack.summary());
      report.line("- other processes just before: %.2f cores", othersBefore);
      cpuLines.forEach(l -> report.line("- %s", l));
      report.line("- platform allocation (all threads, the shop-figures topology and the broker included): %s",
          jmx0.allocationPer(jmx1, p.accepted.get(), "accepted request"));
      if (!producer.isEmpty()) {
        report.line("- ingest producer: %s", producer);
      }
      report.line("");
      table.append(String.format(Locale.ROOT, "| %d | %.0f | %s | %s | %s | %s | %s | %s | %.2f |%n", n, rate,
          p.errors.isEmpty() ? "0" : Bench.sortedCounts(p.errors).toString(), LatencyStats.ms(p.ack.millisAt(50)),
          LatencyStats.ms(p.ack.millisAt(90)), LatencyStats.ms(p.ack.millisAt(99)), LatencyStats.ms(p.ack.millisAt(99.9)),
          LatencyStats.ms(p.ack.maxMillis()), cores));
    }
    report.line(table.toString());
    if (o.has("jfr")) {
      profile(clients.stream().mapToInt(Integer::intValue).max().orElse(64), shops, maxRequests);
    }
  }

  /**
   * An extra run under Java Flight Recorder, AFTER the measured ones: recording perturbs the
   * platform (it cut throughput several-fold here), so its figures are not used, only the profile.
   */
  private void profile(int n, List<String> shops, long maxRequests) throws InterruptedException {
    Duration duration = o.seconds("jfr-duration", 20);
    java.nio.file.Path jfrFile = report.file().resolveSibling("ingest-" + n + "-clients.jfr");
    probe.awaitQuiet(o);
    Report.progress("%d clients under JFR for %d s (profile only)", n, duration.toSeconds());
    platform.jcmd("JFR.start", "name=bench", "settings=profile", "filename=" + jfrFile);
    Phase p = drive(n, herald(shops, "ijfr-" + accounts.run + "-" + n + "-"), duration, maxRequests);
    platform.jcmd("JFR.stop", "name=bench");
    report.line("JFR profile of the platform under %d clients (%.0f/s while recording; not a measurement): %s", n,
        p.accepted.get() / p.seconds, jfrFile);
    report.line("");
  }

  /** Request {@code i}: checkout {@code prefix + i} to shop {@code i mod shops} by customer {@code i mod customers}. */
  IntFunction<Mono<HeraldClient.Answer>> herald(List<String> shops, String prefix) {
    return i -> client.postCheckout(shops.get(i % shops.size()), accounts.customer(i), prefix + i);
  }

  /**
   * N requests in flight at all times, until {@code maxRequests} or {@code duration}, whichever
   * comes first; {@code post} makes request number i.
   */
  static Phase drive(int n, IntFunction<Mono<HeraldClient.Answer>> post, Duration duration, long maxRequests) {
    Phase p = new Phase();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    // Stop issuing at the deadline and let the requests in flight finish: cancelling them would
    // close their connections and the next phase would meet those closes as errors.
    Flux.range(0, (int) Math.min(Integer.MAX_VALUE, maxRequests))
        .takeWhile(i -> System.nanoTime() < end)
        .flatMap(i -> {
          long t = System.nanoTime();
          return post.apply(i)
              .doOnNext(a -> {
                if (a.status() == 202) {
                  p.ack.record(System.nanoTime() - t);
                  p.accepted.incrementAndGet();
                } else {
                  p.errors.computeIfAbsent("HTTP " + a.status(), k -> new AtomicInteger()).incrementAndGet();
                  p.firstErrorBody.putIfAbsent(a.status(), a.body().length() > 200 ? a.body().substring(0, 200) : a.body());
                }
              })
              .onErrorResume(e -> {
                p.errors.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
                return Mono.empty();
              });
        }, n, 1)
        .blockLast(duration.plusSeconds(60));
    p.seconds = (System.nanoTime() - start) / 1e9;
    return p;
  }

  /** Batching figures of the ingest API's Kafka producer (averages since it started). */
  private String producerFigures() {
    try {
      String m = probe.scrape(platform.ingest());
      StringBuilder sb = new StringBuilder();
      for (String metric : List.of("kafka_producer_record_size_avg", "kafka_producer_batch_size_avg",
          "kafka_producer_records_per_request_avg", "kafka_producer_request_latency_avg")) {
        double v = Platform.sample(m, metric);
        if (!Double.isNaN(v)) {
          sb.append(sb.length() == 0 ? "" : ", ").append(metric.substring("kafka_producer_".length())).append(' ')
              .append(String.format(Locale.ROOT, "%.1f", v));
        }
      }
      return sb.toString();
    } catch (RuntimeException e) {
      return "";
    }
  }
}
