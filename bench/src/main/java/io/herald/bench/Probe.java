package io.herald.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** What the bench reads from the platform: Prometheus samples, memory after GC, CPU per thread group. */
final class Probe {

  private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(20);
  private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern DIGITS = Pattern.compile("\\d+");

  private final Platform platform;
  private final HeraldClient client;

  Probe(Platform platform, HeraldClient client) {
    this.platform = platform;
    this.client = client;
  }

  String scrape(URI service) {
    HeraldClient.Answer a = client.get(service, "/actuator/prometheus").block(SCRAPE_TIMEOUT);
    if (a == null || a.status() != 200) {
      throw new IllegalStateException("cannot scrape " + service + ": " + a);
    }
    return a.body();
  }

  double gatewayOpenStreams() {
    return Platform.sample(scrape(platform.gateway()), "herald_gateway_streams_open");
  }

  double gatewayOpenChatSockets() {
    return Platform.sample(scrape(platform.gateway()), "herald_gateway_chat_connections_open");
  }

  /** Heap, direct buffers, RSS and open files of the platform process at one moment. */
  record Memory(double heapBytes, double directBytes, double nonHeapBytes, long rssBytes, long openFiles, boolean afterGc) {}

  /**
   * The heap after a full GC (median of {@code rounds}: jcmd GC.run, then the gateway's
   * jvm_memory_used_bytes{area="heap"}), or the median of plain samples when no GC can be requested.
   */
  Memory memory(int rounds) throws InterruptedException {
    List<Double> heap = new ArrayList<>();
    List<Double> direct = new ArrayList<>();
    List<Double> nonHeap = new ArrayList<>();
    boolean gc = true;
    for (int i = 0; i < rounds; i++) {
      gc &= platform.gc();
      Thread.sleep(gc ? 300 : 1000);
      String m = scrape(platform.gateway());
      heap.add(Platform.sample(m, "jvm_memory_used_bytes", "area=\"heap\""));
      nonHeap.add(Platform.sample(m, "jvm_memory_used_bytes", "area=\"nonheap\""));
      direct.add(Platform.sample(m, "jvm_buffer_memory_used_bytes", "id=\"direct\""));
    }
    return new Memory(median(heap), median(direct), median(nonHeap), platform.rssBytes().orElse(-1),
        platform.openFiles().orElse(-1), gc);
  }

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** CPU used over a window: the platform process, the bench itself, and the platform's thread groups. */
  final class CpuWindow {
    private final long startNanos = System.nanoTime();
    private final long platformStart = platform.cpuMillis();
    private final long benchStart = Platform.cpuMillis("self");
    private final long machineStart = machineBusyMillis();
    private final Map<String, Double> threadsStart = platform.threadCpu();
    private double platformCores = Double.NaN;

    /** The platform's cores over the window, once {@link #finish} ran (NaN before or when unknown). */
    double platformCores() {
      return platformCores;
    }

    /** Lines describing the window, the top {@code top} thread groups with their share of the platform's CPU. */
    List<String> finish(int top) {
      Map<String, Double> threadsEnd = platform.threadCpu();
      double wallMs = (System.nanoTime() - startNanos) / 1e6;
      long platformMs = platform.cpuMillis() - platformStart;
      long benchMs = Platform.cpuMillis("self") - benchStart;
      long othersMs = machineBusyMillis() - machineStart - platformMs - benchMs;
      List<String> out = new ArrayList<>();
      platformCores = platform.pid() < 0 ? Double.NaN : platformMs / wallMs;
      if (platform.pid() < 0) {
        out.add(String.format(Locale.ROOT, "CPU over %.1f s: platform unknown (no --pid), load generator %.2f cores",
            wallMs / 1000, benchMs / wallMs));
        return out;
      }
      out.add(String.format(Locale.ROOT,
          "CPU over %.1f s: platform %.2f cores, load generator %.2f cores, other processes %.2f cores (machine: %d)",
          wallMs / 1000, platformMs / wallMs, benchMs / wallMs, Math.max(0, othersMs) / wallMs,
          Runtime.getRuntime().availableProcessors()));
      if (!threadsEnd.isEmpty() && platformMs > 0) {
        Map<String, Double> groups = new LinkedHashMap<>();
        threadsEnd.forEach((key, ms) -> {
          double delta = ms - threadsStart.getOrDefault(key, 0.0);
          String name = key.contains(" nid=") ? key.substring(0, key.lastIndexOf(" nid=")) : key;
          groups.merge(group(name), delta, Double::sum);
        });
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(groups.entrySet());
        sorted.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
        StringBuilder sb = new StringBuilder("platform threads by CPU share: ");
        for (int i = 0; i < Math.min(top, sorted.size()); i++) {
          Map.Entry<String, Double> e = sorted.get(i);
          sb.append(i == 0 ? "" : "; ").append(String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100 * e.getValue() / platformMs));
        }
        out.add(sb.toString());
      }
      return out;
    }
  }

  CpuWindow cpuWindow() {
    return new CpuWindow();
  }

  /** CPU time the whole machine spent busy (all CPUs, not idle or iowait), from /proc/stat; -1 when unknown. */
  static long machineBusyMillis() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i <= Math.min(8, f.length - 1); i++) { // user nice system idle iowait irq softirq steal
        total += Long.parseLong(f[i]);
      }
      return (total - Long.parseLong(f[4]) - Long.parseLong(f[5])) * 10; // CLK_TCK = 100
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Waits until processes other than the platform and the bench use less than {@code maxCores}
   * over a 3 s window (other builds share this machine), at most {@code maxWait}. Returns the last
   * measured load of the others, in cores.
   */
  double awaitQuiet(Duration maxWait, double maxCores) throws InterruptedException {
    long end = System.nanoTime() + maxWait.toNanos();
    double others = Double.NaN;
    for (int round = 0; round < 10_000; round++) {
      long t0 = System.nanoTime();
      long m0 = machineBusyMillis();
      long p0 = platform.cpuMillis();
      long b0 = Platform.cpuMillis("self");
      Thread.sleep(3000);
      double wallMs = (System.nanoTime() - t0) / 1e6;
      long busy = machineBusyMillis() - m0 - Math.max(0, platform.cpuMillis() - p0) - (Platform.cpuMillis("self") - b0);
      others = Math.max(0, busy) / wallMs;
      if (others < maxCores || System.nanoTime() > end) {
        break;
      }
      Report.progress("other processes use %.2f cores; waiting for a quiet machine (at most %d s more)", others,
          Math.max(0, (end - System.nanoTime()) / 1_000_000_000L));
    }
    return others;
  }

  /** {@link #awaitQuiet} with the run's options ({@code --quiet-wait} seconds, {@code --quiet-cores}). */
  double awaitQuiet(Options o) throws InterruptedException {
    return awaitQuiet(o.seconds("quiet-wait", 300), o.decimal("quiet-cores", 0.25));
  }

  /** Thread name with ids and numbers folded, so a pool's threads form one group. */
  static String group(String threadName) {
    String s = UUID.matcher(threadName).replaceAll("*");
    return DIGITS.matcher(s).replaceAll("#");
  }
}
