package io.herald.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import reactor.core.publisher.Mono;

/**
 * Herald beside the seed-style peer, same load generator, same scenarios, alternating (Herald,
 * peer, Herald, peer …) so both see the same background load: ingest (N keep-alive connections,
 * closed loop) and checkout → live event (open loop at R/s, one subscriber per shop: an SSE
 * dashboard on Herald, a Socket.IO client on the peer). Prints each figure for both and their
 * ratio. Herald is measured from its start on (no long warm-up): the clock since its start is
 * printed with every phase.
 */
final class PeerBench extends BenchPhase {


  PeerBench(Options o, HeraldClient client, Accounts accounts, Probe probe, Report report, Platform platform) {
    super(o, client, accounts, probe, report, platform);
  }

  /** One side of the comparison. */
  private record Side(String name, IntFunction<String> shop, Poster poster, LongSupplier cpuMillis) {}

  private interface Poster {
    Mono<HeraldClient.Answer> post(int i, String shop, String checkoutId);
  }

  /** Figures of one side in one round. */
  private record Figures(double ingestRate, double ingestP50, double ingestP99, double ingestCpuMsPerReq,
                         double e2eP50, double e2eP99, double ackP50, double ackP99, double e2eCpuMsPerReq,
                         String e2eLoss, double sinceStart) {}

  void run() throws Exception {
    int connections = o.integer("connections", 64);
    int rate = o.integer("rate", 1000);
    int rounds = o.integer("rounds", 2);
    Duration duration = o.seconds("duration", 20);
    Duration warmup = o.seconds("warmup", 5);
    long maxRequests = o.longValue("max-requests", 3_000_000);
    int shops = accounts.latencyShops.size();

    try (Peer peer = Peer.fromOptions(o); HeraldClient peerHttp = new HeraldClient(peer.url(), peer.url(), Math.max(64, connections),
        o.integer("event-loops", 2))) {
      report.line("## Herald beside the peer (Express + RabbitMQ + Socket.IO)");
      report.line("");
      report.line("peer: %s (server pid %d, RabbitMQ beam pid %s); its CPU figures are the Node server plus the whole RabbitMQ node",
          peer.url(), peer.serverPid(), Peer.rabbitPid().map(String::valueOf).orElse("unknown"));
      report.line("");
      report.line("Same generator (this JVM, reactor-netty), same JSON body (%d bytes), alternating Herald / peer. Ingest: %d "
          + "keep-alive connections, closed loop, %d s after %d s of warm-up, over %d shops. Checkout → live event: %d/s open "
          + "loop for %d s after %d s at the same rate, %d shops, one subscriber each (Herald SSE dashboard, peer Socket.IO over "
          + "WebSocket); e2e = POST issued → event read.", HeraldClient.checkoutJson("ing-xxxxxx-64-1234567").length(),
          connections, duration.toSeconds(), warmup.toSeconds(), accounts.loadShops.size(), rate, duration.toSeconds(),
          warmup.toSeconds(), shops);
      report.line("");
      Side herald = new Side("Herald", i -> accounts.loadShops.get(i % accounts.loadShops.size()),
          (i, shop, id) -> client.postCheckout(shop, accounts.customer(i), id), platform::cpuMillis);
      Side peerSide = new Side("peer", i -> "shop-" + (i % accounts.loadShops.size()),
          (i, shop, id) -> peerHttp.post("/publish/" + shop, null, HeraldClient.checkoutJson(id)), peer::cpuMillis);
      List<String> peerShops = IntStream.range(0, shops).mapToObj(i -> "shop-" + i).toList();

      List<Figures[]> results = new ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        Figures h0 = ingest(herald, r, connections, duration, warmup, maxRequests);
        Figures p0 = ingest(peerSide, r, connections, duration, warmup, maxRequests);
        Figures h = e2e(herald, r, rate, duration, warmup, accounts.latencyShops,
            (ids, l, dl, life) -> Dashboards.open(client, accounts.merchantToken, ids, ids.size(), List.of("127.0.0.1"),
                ids.size(), dl, life, l), h0);
        Figures p = e2e(peerSide, r, rate, duration, warmup, peerShops, peer::subscribe, p0);
        results.add(new Figures[] {h, p});
      }
      table(results, connections, rate);
    }
  }

  /** {@code ../shared/peer-socketio-rabbitmq} beside the repository, else the machine's shared copy. */
  static String defaultPeerSource() {
    for (String candidate : List.of("../../shared/peer-socketio-rabbitmq", "../../../shared/peer-socketio-rabbitmq",
        "/work/shared/peer-socketio-rabbitmq")) {
      if (Files.isRegularFile(Path.of(candidate, "server.js"))) {
        return Path.of(candidate).toAbsolutePath().normalize().toString();
      }
    }
    return "../../shared/peer-socketio-rabbitmq";
  }

  private double sinceStart() {
    return platform.startedNanos() < 0 ? Double.NaN : (System.nanoTime() - platform.startedNanos()) / 1e9;
  }

  private Figures ingest(Side side, int round, int n, Duration duration, Duration warmup, long maxRequests)
      throws InterruptedException {
    double others = probe.awaitQuiet(o);
    String loadavg = loadavg();
    String tag = side.name().toLowerCase(Locale.ROOT).charAt(0) + accounts.run + "-" + round;
    Report.progress("round %d, %s ingest: warm-up %d s, then %d s (Herald started %.0f s ago)", round, side.name(),
        warmup.toSeconds(), duration.toSeconds(), sinceStart());
    IngestBench.drive(n, i -> side.poster().post(i, side.shop().apply(i), "pw-" + tag + "-" + i), warmup, maxRequests);
    double at = sinceStart();
    long cpu0 = side.cpuMillis().getAsLong();
    IngestBench.Phase p = IngestBench.drive(n, i -> side.poster().post(i, side.shop().apply(i), "pi-" + tag + "-" + i),
        duration, maxRequests);
    long cpu = side.cpuMillis().getAsLong() - cpu0;
    double rate = p.accepted.get() / p.seconds;
    double cpuPer = cpu0 < 0 ? Double.NaN : (double) cpu / Math.max(1, p.accepted.get());
    report.line("- round %d, %s ingest (Herald up %.0f s at the start of the window; load average %s; others %.2f cores): "
            + "**%.0f/s** accepted, errors %s, 202 %s; server CPU %.3f ms per accepted request (%.2f cores)",
        round, side.name(), at, loadavg, others, rate, Bench.sortedCounts(p.errors), p.ack.summary(), cpuPer,
        cpu / 1000.0 / p.seconds);
    return new Figures(rate, p.ack.millisAt(50), p.ack.millisAt(99), cpuPer, 0, 0, 0, 0, 0, "", at);
  }

  /** Opens one subscriber per shop; returns something that closes them and tells how many connected. */
  private interface Subscribe {
    AutoCloseable open(List<String> shops, Dashboards.CheckoutListener listener, Duration deadline, Duration maxLife)
        throws InterruptedException;
  }

  private Figures e2e(Side side, int round, int rate, Duration duration, Duration warmup, List<String> shops,
                      Subscribe subscribe, Figures ingest) throws Exception {
    String tag = side.name().toLowerCase(Locale.ROOT).charAt(0) + accounts.run + "-" + round;
    LatencyBench.Phase w = new LatencyBench.Phase("ew-" + tag + "-", (int) Math.max(1, rate * warmup.toSeconds()));
    LatencyBench.Phase p = new LatencyBench.Phase("em-" + tag + "-", (int) (rate * duration.toSeconds()));
    LatencyBench.Phase[] current = {w};
    Duration life = duration.plus(warmup).plusSeconds(90);
    try (AutoCloseable subs = subscribe.open(shops, (id, at) -> {
      LatencyBench.Phase ph = current[0];
      if (ph != null) {
        ph.onCheckout(id, at);
      }
    }, Duration.ofSeconds(30), life)) {
      int connected = subs instanceof Dashboards d ? d.connected() : ((Peer.Subscribers) subs).connected();
      if (connected != shops.size()) {
        throw new IllegalStateException(side.name() + ": subscribers did not connect: " + connected + " of " + shops.size()
            + (subs instanceof Peer.Subscribers s ? " " + s.failures() : ""));
      }
      double others = probe.awaitQuiet(o);
      String loadavg = loadavg();
      Report.progress("round %d, %s checkout → live event at %d/s: warm-up %d s, then %d s", round, side.name(), rate,
          warmup.toSeconds(), duration.toSeconds());
      LatencyBench.drive(w, rate, i -> side.poster().post(i, shops.get(i % shops.size()), w.prefix + i), warmup);
      LatencyBench.awaitReceived(w);
      current[0] = p;
      double at = sinceStart();
      long cpu0 = side.cpuMillis().getAsLong();
      long t0 = System.nanoTime();
      LatencyBench.drive(p, rate, i -> side.poster().post(i, shops.get(i % shops.size()), p.prefix + i), duration);
      double seconds = (System.nanoTime() - t0) / 1e9;
      LatencyBench.awaitReceived(p);
      long cpu = side.cpuMillis().getAsLong() - cpu0;
      double cpuPer = cpu0 < 0 ? Double.NaN : (double) cpu / Math.max(1, p.accepted.get());
      String loss = String.format(Locale.ROOT, "%d sent, %d accepted, %d received, %d missing, %d duplicates, %d ticks dropped",
          p.count - p.dropped.get(), p.accepted.get(), p.received.get(), p.accepted.get() - p.received.get(),
          p.duplicates.get(), p.dropped.get());
      report.line("- round %d, %s checkout → live event at %d/s (Herald up %.0f s; load average %s; others %.2f cores): "
              + "e2e %s; 202 %s; %s; errors %s; send lag %s; server CPU %.3f ms per accepted checkout (%.2f cores)",
          round, side.name(), rate, at, loadavg, others, p.e2e.summary(), p.ack.summary(), loss, Bench.sortedCounts(p.errors),
          p.sendLag.summary(), cpuPer, cpu / 1000.0 / seconds);
      current[0] = null;
      return new Figures(ingest.ingestRate(), ingest.ingestP50(), ingest.ingestP99(), ingest.ingestCpuMsPerReq(),
          p.e2e.millisAt(50), p.e2e.millisAt(99), p.ack.millisAt(50), p.ack.millisAt(99), cpuPer, loss, ingest.sinceStart());
    }
  }

  private void table(List<Figures[]> results, int connections, int rate) {
    report.line("");
    report.line("| round | measurement | Herald | peer | Herald / peer |");
    report.line("| ---: | --- | ---: | ---: | ---: |");
    for (int r = 0; r < results.size(); r++) {
      Figures h = results.get(r)[0];
      Figures p = results.get(r)[1];
      int n = r + 1;
      row(n, String.format(Locale.ROOT, "ingest, %d connections, accepted/s (Herald up %.0f s)", connections, h.sinceStart()),
          h.ingestRate(), p.ingestRate(), "%.0f");
      row(n, "ingest 202 p50 / p99 ms", h.ingestP50(), p.ingestP50(), h.ingestP99(), p.ingestP99());
      row(n, "ingest server CPU ms per accepted request", h.ingestCpuMsPerReq(), p.ingestCpuMsPerReq(), "%.3f");
      row(n, String.format(Locale.ROOT, "checkout → live event at %d/s, e2e p50 / p99 ms", rate), h.e2eP50(), p.e2eP50(),
          h.e2eP99(), p.e2eP99());
      row(n, String.format(Locale.ROOT, "POST → 202 at %d/s, p50 / p99 ms", rate), h.ackP50(), p.ackP50(), h.ackP99(), p.ackP99());
      row(n, String.format(Locale.ROOT, "server CPU ms per accepted checkout at %d/s", rate), h.e2eCpuMsPerReq(),
          p.e2eCpuMsPerReq(), "%.3f");
    }
    report.line("");
    report.line("Server CPU: Herald = its whole JVM (broker, Mongo-wire server, three services, Kafka Streams); peer = the Node "
        + "server plus the RabbitMQ node (shared: anything else using that broker at the time is counted too).");
    report.line("");
  }

  private void row(int round, String label, double herald, double peer, String format) {
    report.line("| %d | %s | %s | %s | %s |", round, label, String.format(Locale.ROOT, format, herald),
        String.format(Locale.ROOT, format, peer), String.format(Locale.ROOT, "%.2f×", herald / peer));
  }

  private void row(int round, String label, double h50, double p50, double h99, double p99) {
    report.line("| %d | %s | %s / %s | %s / %s | %.2f× / %.2f× |", round, label, LatencyStats.ms(h50), LatencyStats.ms(h99),
        LatencyStats.ms(p50), LatencyStats.ms(p99), h50 / p50, h99 / p99);
  }

  /** {@code /proc/loadavg}'s first three fields, or "unknown". */
  static String loadavg() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (Exception e) {
      return "unknown";
    }
  }
}
