package io.herald.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Herald benchmarks. Starts the platform in its own process (fresh data directory, free loopback
 * ports), creates a merchant and customers, then runs the measurements and writes a markdown
 * results file. All traffic goes to 127.0.0.x; every loop is bounded by a count and a deadline.
 *
 * <pre>
 * Bench all | connections | latency | ingest  [--name value ...]   (see docs/benchmarks.md)
 * </pre>
 */
public final class Bench {

  static final String USAGE = """
      usage: Bench <all|connections|latency|ingest|peer|chat|capacity> [options]
        connections  --streams 2000,5000 --fanout-checkouts 5 --source-addresses 1 --open-parallel 200
                     --sockets 0 --histogram-top 12 --heap-dump --replays 0
        capacity     --users 1000000 --chat-rate 50000 --shops 10000 --checkout-rate 2000 --cores 8 ... (docs/scaling.md; no platform)
        latency      --rates 200,1000 --duration 30 --warmup 5 --latency-shops 4
        ingest       --clients 1,8,64 --duration 30 --warmup 5 --load-shops 16 --max-requests 3000000
        ingest       --jfr (record a JFR profile of the platform during the largest N)
        peer         --rounds 2 --connections 64 --rate 1000 --duration 20 --warmup 5 --peer-port 18081 --peer-source DIR --peer-dir target/peer --peer-url URL
        warm-up      --platform-warmup 60 --warmup-clients 32 --idle 10 (seconds; 0 skips)
        platform     --platform-launcher ../herald|none --platform-jar PATH (default -Dherald.platform.jar) --platform-heap 2g --platform-env K=V,K2=V2 --platform-jvm "-XX:opt ..." --work-dir DIR --keep-data
        attach       --ingest-url http://127.0.0.1:8081 --gateway-url http://127.0.0.1:8082 [--pid N]
        chat         --chat-users 2000 --chat-rate 500 --chat-duration 30 --chat-warmup 10 --chat-group-size 8
                     --chat-group-share 0.2 --chat-big-group 200 --chat-big-rate 10 --chat-big-duration 20 --chat-jfr --chat-jfr-phase 0 (which --chat-rates phase is recorded)
                     --chat-rates 100,200,500 (a sweep on the same sockets; replaces --chat-rate) --chat-settle 5
                     --chat-peer (then the peer's own chat bench at each rate, side by side; --peer-* as for peer)
        safety       --max-minutes 20 (the whole run is killed after this)
      """;

  private Bench() {}

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\n" + USAGE);
      System.exit(2);
      return;
    }
    if (o.command().equals("capacity")) { // arithmetic only: no platform
      CapacityModel.print(o);
      return;
    }
    List<String> steps = switch (o.command()) {
      case "all" -> List.of("connections", "latency", "ingest");
      case "connections", "latency", "ingest", "peer", "chat" -> List.of(o.command());
      default -> {
        System.err.println("unknown command " + o.command() + "\n" + USAGE);
        System.exit(2);
        yield List.of();
      }
    };
    System.exit(run(o, steps));
  }

  static int run(Options o, List<String> steps) throws Exception {
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    Path workDir = Path.of(o.string("work-dir", "target/bench-runs/" + stamp)).toAbsolutePath().normalize();
    Files.createDirectories(workDir);
    Report report = new Report(workDir.resolve("results.md"));
    Watchdog watchdog = Watchdog.start(o.seconds("max-minutes", 20).multipliedBy(60));

    report.line("# Herald bench run %s (UTC)", stamp);
    report.line("");
    report.line("command: `Bench %s %s`", o.command(), String.join(" ", o.all().entrySet().stream()
        .map(e -> "--" + e.getKey() + " " + e.getValue()).toList()));
    Machine.describe().forEach(report::line);

    Platform platform = null;
    int exit = 0;
    try {
      if (o.has("ingest-url")) {
        platform = Platform.attach(URI.create(o.string("ingest-url", "")), URI.create(o.string("gateway-url", "")),
            o.has("processors-url") ? URI.create(o.string("processors-url", "")) : null, o.longValue("pid", -1));
        report.line("platform: attached to %s, %s (pid %d)", platform.ingest(), platform.gateway(), platform.pid());
      } else {
        String jar = o.string("platform-jar", System.getProperty("herald.platform.jar", "../standalone/target/herald-standalone.jar"));
        long t0 = System.nanoTime();
        Report.progress("starting the platform (%s)", jar);
        Map<String, String> extraEnv = new LinkedHashMap<>();
        for (String kv : o.string("platform-env", "").split(",")) {
          if (kv.contains("=")) {
            extraEnv.put(kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1).trim());
          }
        }
        List<String> jvm = Arrays.stream(o.string("platform-jvm", "").split(" ")).filter(a -> !a.isBlank()).toList();
        Path jarPath = Path.of(jar);
        if (Files.isRegularFile(jarPath)) {
          report.line("platform jar: %s, %d bytes, built %s; source tree %s", jarPath.toAbsolutePath().normalize(),
              Files.size(jarPath), Files.getLastModifiedTime(jarPath), gitHead());
        } else {
          report.line("platform: no jar at %s; running io.herald.standalone.HeraldStandalone from the bench class path", jarPath);
        }
        String launcher = o.string("platform-launcher", Files.isRegularFile(Path.of("../herald")) ? "../herald" : "none");
        report.line("platform launcher: %s", launcher.equals("none") ? "none (java -jar with the bench's JDK)" : launcher);
        platform = Platform.launch(workDir, jarPath, launcher.equals("none") ? null : Path.of(launcher),
            o.string("platform-heap", "2g"), jvm, extraEnv);
        watchdog.guard(platform);
        report.line("platform: separate process pid %d, up in %.1f s (its own start: %.1f s): `%s`", platform.pid(),
            (System.nanoTime() - t0) / 1e9, platform.startupSeconds(),
            String.join(" ", platform.command().stream().map(a -> a.length() > 120 ? "<class path>" : a).toList()));
        report.line("platform environment: %s", platform.environment().entrySet().stream()
            .filter(e -> !e.getKey().endsWith("_PORT") && !e.getKey().equals("HERALD_DATA_DIR")).map(e -> e.getKey() + "=" + e.getValue()).toList());
      }
      report.line("");
      int maxClients = o.integers("clients", "1,8,64").stream().max(Comparator.naturalOrder()).orElse(64);
      try (HeraldClient client = new HeraldClient(platform.ingest(), platform.gateway(), Math.max(64, maxClients),
          o.integer("event-loops", 2))) {
        String run = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
        Accounts accounts = Accounts.create(client, run, o.integer("latency-shops", 4), o.integer("load-shops", 16));
        Probe probe = new Probe(platform, client);
        if (!steps.contains("peer") || o.has("platform-warmup")) { // peer: measured from the platform's start
          new WarmupBench(o, client, accounts, probe, report).run();
        }
        for (String step : steps) {
          switch (step) {
            case "connections" -> new ConnectionsBench(o, client, accounts, probe, report, platform).run();
            case "latency" -> new LatencyBench(o, client, accounts, probe, report).run();
            case "ingest" -> new IngestBench(o, client, accounts, probe, report, platform).run();
            case "peer" -> new PeerBench(o, client, accounts, probe, report, platform).run();
            case "chat" -> new ChatBench(o, client, probe, report, platform).run();
            default -> throw new IllegalStateException(step);
          }
        }
      }
    } catch (RuntimeException e) {
      report.line("");
      report.line("**run failed**: %s", e);
      e.printStackTrace();
      exit = 1;
    } finally {
      if (platform != null) {
        Report.progress("stopping the platform (SIGTERM)");
        platform.close();
      }
      watchdog.cancel();
      report.save();
      if (platform != null && platform.launched() && !o.has("keep-data")) {
        deleteTree(workDir.resolve("data"));
        deleteTree(workDir.resolve("tmp"));
        try {
          Files.deleteIfExists(workDir.resolve("platform.jar"));
        } catch (IOException e) {
          // left behind under target/
        }
      }
      System.out.println("results: " + report.file() + (platform != null && platform.log() != null ? "   platform log: " + platform.log() : ""));
    }
    return exit;
  }

  /** {@code git rev-parse --short HEAD} (+ "with local changes"), or "unknown". */
  static String gitHead() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
      String head = new String(p.getInputStream().readAllBytes()).trim();
      if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
        return "unknown";
      }
      Process d = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no").redirectErrorStream(true).start();
      boolean dirty = !new String(d.getInputStream().readAllBytes()).isBlank();
      d.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      return "git " + head + (dirty ? " with local changes" : "");
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // left behind; it is under target/
        }
      });
    } catch (IOException e) {
      // left behind
    }
  }

  /** Facts about the machine, for the results file. */
  static final class Machine {
    static List<String> describe() {
      List<String> out = new ArrayList<>();
      out.add(String.format(Locale.ROOT, "machine: %d CPUs (%s), %s RAM, %s; JDK %s (%s); open files per process %s",
          Runtime.getRuntime().availableProcessors(), cpuModel(), memTotal(), System.getProperty("os.name") + " "
              + System.getProperty("os.version"), System.getProperty("java.version"), System.getProperty("java.vm.name"),
          openFilesLimit()));
      return out;
    }

    private static String cpuModel() {
      return grep("/proc/cpuinfo", "model name").map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    }

    private static String memTotal() {
      return grep("/proc/meminfo", "MemTotal").map(l -> {
        long kb = Long.parseLong(l.replaceAll("\\D+", ""));
        return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
      }).orElse("unknown");
    }

    private static String openFilesLimit() {
      return grep("/proc/self/limits", "Max open files").map(l -> l.replaceAll("\\s+", " ").trim()).orElse("unknown");
    }

    private static java.util.Optional<String> grep(String file, String prefix) {
      try (Stream<String> lines = Files.lines(Path.of(file))) {
        return lines.filter(l -> l.startsWith(prefix)).findFirst();
      } catch (IOException | RuntimeException e) {
        return java.util.Optional.empty();
      }
    }
  }

  /** Ends the whole run (and the platform) if it goes past its time budget. */
  static final class Watchdog {
    private final Thread thread;
    private volatile Platform platform;

    private Watchdog(Duration budget) {
      thread = new Thread(() -> {
        try {
          Thread.sleep(budget.toMillis());
        } catch (InterruptedException e) {
          return;
        }
        System.err.println("bench: time budget of " + budget + " exceeded; stopping");
        Platform p = platform;
        if (p != null) {
          p.close();
        }
        Runtime.getRuntime().halt(3);
      }, "bench-watchdog");
      thread.setDaemon(true);
    }

    static Watchdog start(Duration budget) {
      Watchdog w = new Watchdog(budget);
      w.thread.start();
      return w;
    }

    void guard(Platform p) {
      platform = p;
      Runtime.getRuntime().addShutdownHook(new Thread(p::close, "bench-stop-platform"));
    }

    void cancel() {
      thread.interrupt();
    }
  }

  static Map<String, Long> sortedCounts(Map<String, ? extends Number> counts) {
    Map<String, Long> out = new LinkedHashMap<>();
    counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.put(e.getKey(), e.getValue().longValue()));
    return out;
  }
}
