package io.herald.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Connections held and memory per connection: for each K, opens K idle live streams of one shop,
 * measures the platform's heap after GC and RSS before and after, posts a few checkouts and times
 * their fan-out to all K, closes the streams and checks the memory comes back.
 */
final class ConnectionsBench extends BenchPhase {

  private static final Duration OPEN_DEADLINE = Duration.ofSeconds(60);
  private static final Duration FANOUT_DEADLINE = Duration.ofSeconds(30);
  private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(30);
  private static final Duration MAX_LIFE = Duration.ofMinutes(5);


  ConnectionsBench(Options o, HeraldClient client, Accounts accounts, Probe probe, Report report, Platform platform) {
    super(o, client, accounts, probe, report, platform);
  }

  void run() throws Exception {
    List<Integer> sizes = o.integers("streams", "2000,5000");
    int fanouts = o.integer("fanout-checkouts", 5);
    int parallel = o.integer("open-parallel", 200);
    List<String> sources = IntStream.rangeClosed(1, o.integer("source-addresses", 1)).mapToObj(i -> "127.0.0." + i).toList();

    report.line("## Connections held, fan-out, memory per connection");
    report.line("");
    report.line("K idle live SSE streams of ONE shop, one merchant token, opened %d at a time from %s; heap = "
        + "jvm_memory_used_bytes{area=\"heap\"} after `jcmd PID GC.run` (median of 3), RSS = VmRSS of the platform process "
        + "(broker + Mongo-wire + all services in one JVM). Fan-out: one checkout posted, time from the POST to its "
        + "`checkout` event on each stream.", parallel, sources);
    report.line("");

    Report.progress("warming up the stream path (100 streams, 1 checkout)");
    measure(100, 1, parallel, sources, false, false);
    int replays = o.integer("replays", 0);
    if (replays > 0) {
      replay(replays);
    }

    List<String> rows = new ArrayList<>();
    int largest = sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
    for (int k : sizes) {
      rows.add(measure(k, fanouts, parallel, sources, true, k == largest));
    }
    report.line("");
    report.line("| K | open (all K) | handshake p50 / p99 | fan-out to all K: 202 / first / p50 / p99 / last | heap after GC before → with K | bytes/conn heap | RSS before → with K | bytes/conn RSS | fds | heap after close |");
    report.line("| ---: | ---: | ---: | --- | --- | ---: | --- | ---: | ---: | ---: |");
    rows.forEach(report::line);
    report.line("");
  }

  /**
   * Replay speed: one stream at a time asks for the last 5 minutes of the shop the warm-up watched
   * (a quarter of its checkouts), then live. Timed from the request to the last event before 1 s of silence; the
   * platform's CPU over the same span. How fast history reaches a reconnecting dashboard, and what
   * writing it frame by frame costs.
   */
  private void replay(int times) throws Exception {
    String shop = accounts.latencyShops.get(0); // a quarter of the warm-up's checkouts went there
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      AtomicInteger events = new AtomicInteger();
      AtomicInteger status = new AtomicInteger();
      AtomicLong first = new AtomicLong();
      AtomicLong last = new AtomicLong();
      SseParser parser = new SseParser((event, id, data, receivedNanos) -> {
        first.compareAndSet(0, receivedNanos);
        last.set(receivedNanos);
        events.incrementAndGet();
      });
      long cpuBefore = platform.cpuMillis();
      long cpuAtLast = cpuBefore; // sampled every 100 ms while events still come
      long t0 = System.nanoTime();
      Disposable stream = client.openStream(shop, "?lastMinutes=5", accounts.merchantToken, "127.0.0.1",
          parser, status::set, error -> { }, Duration.ofSeconds(60));
      try {
        long deadline = t0 + Duration.ofSeconds(60).toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
          Thread.sleep(100); // polls the stream's progress: the replay ends by 1 s of silence, not by a marker
          if (status.get() != 0 && status.get() != 200) {
            throw new IllegalStateException("replay stream refused: HTTP " + status.get());
          }
          if (events.get() != seen) {
            seen = events.get();
            cpuAtLast = platform.cpuMillis();
          }
          long l = last.get();
          if (l != 0 && System.nanoTime() - l > 1_000_000_000L) {
            break;
          }
          if (l == 0 && System.nanoTime() - t0 > 10_000_000_000L) {
            throw new IllegalStateException("replay: no event within 10 s");
          }
        }
      } finally {
        stream.dispose();
      }
      double cpu = (cpuAtLast - cpuBefore) / 1000.0;
      double seconds = (last.get() - t0) / 1e9;
      rows.add(String.format(Locale.ROOT, "replay %d: %d events in %.3f s (first after %.1f ms), %.0f events/s; platform CPU until the last ~%.2f s (100 ms samples)",
          i, events.get(), seconds, (first.get() - t0) / 1e6, events.get() / seconds, cpu));
      Thread.sleep(1000); // the last replay's consumer and worker wind down before the next is timed
    }
    report.line("### Replay of a shop's last 5 minutes, one stream at a time");
    report.line("");
    rows.forEach(r -> report.line("- %s", r));
    report.line("");
  }

  /** One K: returns its table row (or null when only warming up). */
  private String measure(int k, int fanouts, int parallel, List<String> sources, boolean keep, boolean histogram)
      throws Exception {
    String prefix = "fan-" + accounts.run + "-" + k + "-";
    AtomicLongArray sentAt = new AtomicLongArray(fanouts);
    LatencyStats[] fan = new LatencyStats[fanouts];
    AtomicInteger[] got = new AtomicInteger[fanouts];
    for (int j = 0; j < fanouts; j++) {
      fan[j] = new LatencyStats();
      got[j] = new AtomicInteger();
    }
    AtomicInteger stray = new AtomicInteger();

    double othersBefore = keep ? probe.awaitQuiet(o) : Double.NaN;
    Probe.Memory before = keep ? probe.memory(3) : null;
    Map<String, long[]> classesBefore = histogram ? platform.classHistogram() : Map.of();
    double openBefore = probe.gatewayOpenStreams();
    Report.progress("opening %d streams", k);
    try (Dashboards d = Dashboards.open(client, accounts.merchantToken, List.of(accounts.fanShop), k, sources, parallel,
        OPEN_DEADLINE, MAX_LIFE, (checkoutId, receivedNanos) -> {
          if (!checkoutId.startsWith(prefix)) {
            stray.incrementAndGet();
            return;
          }
          int j = Integer.parseInt(checkoutId.substring(prefix.length()));
          fan[j].record(receivedNanos - sentAt.get(j));
          got[j].incrementAndGet();
        })) {
      double openOnGateway = probe.gatewayOpenStreams() - openBefore;
      Report.progress("open: %d of %d in %.1f s (failed %d %s); gateway counts %.0f new streams", d.connected(), k,
          d.openDuration().toMillis() / 1000.0, d.failed(), d.failures(), openOnGateway);
      Thread.sleep(2000); // let the handshakes' garbage become garbage
      Probe.Memory with = keep ? probe.memory(3) : null;
      Map<String, long[]> classesWith = histogram ? platform.classHistogram() : Map.of();
      if (histogram && o.has("heap-dump")) {
        java.nio.file.Path dump = report.file().resolveSibling("streams-" + k + ".hprof");
        Report.progress("heap dump with %d streams: %s", k, platform.jcmd("GC.heap_dump", dump.toString()) == null ? "failed" : dump);
      }

      List<String> fanRows = new ArrayList<>();
      LatencyStats ack = new LatencyStats();
      for (int j = 0; j < fanouts; j++) {
        long t0 = System.nanoTime();
        sentAt.set(j, t0);
        HeraldClient.Answer a = client.postCheckout(accounts.fanShop, accounts.customer(j), prefix + j).block(Duration.ofSeconds(30));
        long ackNanos = System.nanoTime() - t0;
        ack.record(ackNanos);
        if (a == null || a.status() != 202) {
          throw new IllegalStateException("checkout not accepted: " + a);
        }
        long end = t0 + FANOUT_DEADLINE.toNanos();
        while (got[j].get() < d.connected() && System.nanoTime() < end) {
          Thread.sleep(5);
        }
        fanRows.add(String.format(Locale.ROOT, "checkout %d: reached %d of %d streams; 202 after %s ms; first %s, p50 %s, p99 %s, last %s ms",
            j, got[j].get(), d.connected(), LatencyStats.ms(ackNanos / 1e6),
            LatencyStats.ms(fan[j].millisAt(0)), LatencyStats.ms(fan[j].millisAt(50)), LatencyStats.ms(fan[j].millisAt(99)),
            LatencyStats.ms(fan[j].maxMillis())));
        Thread.sleep(500);
      }
      if (!keep) {
        return null;
      }
      report.line("### K = %d", k);
      report.line("");
      report.line("- opened %d of %d in %.2f s (%.0f/s), failed %d %s; gateway herald_gateway_streams_open +%.0f; "
              + "streams that ended early %d; non-checkout events seen %d",
          d.connected(), k, d.openDuration().toMillis() / 1000.0, d.connected() / (d.openDuration().toMillis() / 1000.0),
          d.failed(), d.failures(), openOnGateway, d.ended(), d.otherEvents());
      report.line("- handshake (request → `: connected`): %s", d.openTimes().summary());
      report.line("- other processes just before: %.2f cores", othersBefore);
      fanRows.forEach(r -> report.line("- %s", r));
      report.line("- memory before: heap %s, direct %s, non-heap %s, RSS %s, fds %d%s", Report.mib(before.heapBytes()),
          Report.mib(before.directBytes()), Report.mib(before.nonHeapBytes()), Report.mib(before.rssBytes()), before.openFiles(),
          before.afterGc() ? "" : " (no GC possible: plain samples)");
      report.line("- memory with %d streams: heap %s, direct %s, non-heap %s, RSS %s, fds %d", d.connected(),
          Report.mib(with.heapBytes()), Report.mib(with.directBytes()), Report.mib(with.nonHeapBytes()), Report.mib(with.rssBytes()),
          with.openFiles());
      double heapPer = (with.heapBytes() - before.heapBytes()) / d.connected();
      double rssPer = (double) (with.rssBytes() - before.rssBytes()) / d.connected();
      double directPer = (with.directBytes() - before.directBytes()) / d.connected();
      report.line("- per connection: heap %.0f B, direct %.0f B, RSS %.0f B", heapPer, directPer, rssPer);
      int socketCount = o.integer("sockets", 0);
      if (socketCount > 0 && histogram) { // the largest K only
        measureSockets(socketCount, with, classesWith, histogram);
      }
      if (!classesWith.isEmpty()) {
        int top = o.integer("histogram-top", 12);
        report.line("- live heap per connection by class (GC.class_histogram with K minus before, top %d): %s", top,
            histogramDelta(classesBefore, classesWith, d.connected(), top));
      }

      // the median fan-out over the checkouts
      int mid = fanouts / 2;
      List<LatencyStats> byLast = new ArrayList<>(List.of(fan));
      byLast.sort((a, b) -> Double.compare(a.maxMillis(), b.maxMillis()));
      LatencyStats median = byLast.get(mid);
      Report.progress("closing %d streams", d.connected());
      d.close();
      long end = System.nanoTime() + CLOSE_DEADLINE.toNanos();
      while (probe.gatewayOpenStreams() > openBefore && System.nanoTime() < end) {
        Thread.sleep(200);
      }
      Probe.Memory after = probe.memory(3);
      report.line("- after closing: gateway open streams %.0f, heap %s, RSS %s, fds %d", probe.gatewayOpenStreams(),
          Report.mib(after.heapBytes()), Report.mib(after.rssBytes()), after.openFiles());
      report.line("");
      return String.format(Locale.ROOT, "| %d | %.2f s | %s / %s ms | %s / %s / %s / %s / %s ms (median of %d) | %s → %s | %.0f | %s → %s | %.0f | %d → %d | %s |",
          d.connected(), d.openDuration().toMillis() / 1000.0, LatencyStats.ms(d.openTimes().millisAt(50)),
          LatencyStats.ms(d.openTimes().millisAt(99)), LatencyStats.ms(ack.millisAt(50)), LatencyStats.ms(median.millisAt(0)),
          LatencyStats.ms(median.millisAt(50)), LatencyStats.ms(median.millisAt(99)), LatencyStats.ms(median.maxMillis()), fanouts,
          Report.mib(before.heapBytes()), Report.mib(with.heapBytes()), heapPer, Report.mib(before.rssBytes()),
          Report.mib(with.rssBytes()), rssPer, before.openFiles(), with.openFiles(), Report.mib(after.heapBytes()));
    } finally {
      long end = System.nanoTime() + CLOSE_DEADLINE.toNanos();
      while (probe.gatewayOpenStreams() > openBefore && System.nanoTime() < end) {
        Thread.sleep(200);
      }
    }
  }

  /**
   * With the K streams still open: M chat WebSockets (hello, welcome; 8 per user, the gateway's
   * default per-user cap), the heap they add per socket, then closed.
   */
  private void measureSockets(int m, Probe.Memory withStreams, Map<String, long[]> classesWithStreams, boolean histogram)
      throws Exception {
    int perUser = 8;
    String[] tokens = new String[(m + perUser - 1) / perUser];
    Report.progress("signing up %d chat users for %d sockets", tokens.length, m);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      ChatBench.signUp(client, pool, "conn-" + accounts.run + "-" + m, tokens);
    } finally {
      pool.shutdownNow();
    }
    LoopResources loops = LoopResources.create("bench-ws", 2, true);
    HttpClient ws = HttpClient.create(ConnectionProvider.newConnection()).runOn(loops);
    List<ChatSocket> sockets = new ArrayList<>();
    try {
      long t0 = System.nanoTime();
      Report.progress("opening %d chat sockets", m);
      sockets.addAll(Flux.range(0, m)
          .flatMap(i -> ChatSocket.open(ws, client.gateway(), tokens[i / perUser], i, (s, text) -> { }, Duration.ofSeconds(60))
              .onErrorResume(e -> Mono.empty()), 100)
          .collectList().block(OPEN_DEADLINE.multipliedBy(2)));
      double openSeconds = (System.nanoTime() - t0) / 1e9;
      Thread.sleep(2000); // as for the streams: let the handshakes' garbage become garbage before measuring
      Probe.Memory with = probe.memory(3);
      Map<String, long[]> classes = histogram ? platform.classHistogram() : Map.of();
      double heapPer = (with.heapBytes() - withStreams.heapBytes()) / Math.max(1, sockets.size());
      report.line("- chat sockets: %d of %d open (hello → welcome) in %.1f s; heap with them %s, fds %d; "
              + "per socket: heap %.0f B, RSS %.0f B", sockets.size(), m, openSeconds, Report.mib(with.heapBytes()),
          with.openFiles(), heapPer, (double) (with.rssBytes() - withStreams.rssBytes()) / Math.max(1, sockets.size()));
      if (histogram && o.has("heap-dump")) {
        java.nio.file.Path dump = report.file().resolveSibling("sockets-" + sockets.size() + ".hprof");
        Report.progress("heap dump with %d sockets: %s", sockets.size(), platform.jcmd("GC.heap_dump", dump.toString()) == null ? "failed" : dump);
      }
      if (!classes.isEmpty()) {
        int top = o.integer("histogram-top", 12);
        report.line("- live heap per socket by class (GC.class_histogram with the sockets minus without, top %d): %s", top,
            histogramDelta(classesWithStreams, classes, Math.max(1, sockets.size()), top));
        // A second estimate that what grew meanwhile without the sockets (e.g. the Kafka clients' meters,
        // bound once a minute) cannot inflate: with the sockets minus after they closed.
        sockets.forEach(ChatSocket::close);
        long closeBy = System.nanoTime() + CLOSE_DEADLINE.toNanos();
        while (probe.gatewayOpenChatSockets() > 0 && System.nanoTime() < closeBy) {
          Thread.sleep(200); // polling the gateway's gauge until it has let every socket go
        }
        Map<String, long[]> closed = platform.classHistogram();
        report.line("- live heap per socket, with the sockets minus after closing them: %s",
            histogramDelta(closed, classes, Math.max(1, sockets.size()), top));
      }
    } finally {
      sockets.forEach(ChatSocket::close);
      loops.disposeLater().block(Duration.ofSeconds(10));
    }
  }

  /** The classes whose live bytes grew most, as bytes (and objects) per connection. */
  static String histogramDelta(Map<String, long[]> before, Map<String, long[]> with, int connections, int top) {
    List<Map.Entry<String, long[]>> deltas = new ArrayList<>();
    with.forEach((cls, v) -> {
      long[] b = before.getOrDefault(cls, new long[2]);
      deltas.add(Map.entry(cls, new long[] {v[0] - b[0], v[1] - b[1]}));
    });
    deltas.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
    long total = deltas.stream().mapToLong(e -> e.getValue()[1]).sum();
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "total %.0f B; ", (double) total / connections));
    for (int i = 0; i < Math.min(top, deltas.size()); i++) {
      long[] v = deltas.get(i).getValue();
      sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.0f B (%.1f obj)", deltas.get(i).getKey(),
          (double) v[1] / connections, (double) v[0] / connections));
    }
    return sb.toString();
  }
}
