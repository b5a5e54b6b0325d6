package io.herald.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The Herald platform under test, in its own process: {@code java -jar herald-standalone.jar} (or,
 * when that jar is missing, {@code io.herald.standalone.HeraldStandalone} from the bench's class
 * path) with a fresh data directory, free loopback ports and the per-user rate limit raised. Or an
 * already running platform ("attach"), in which case nothing is started or stopped.
 */
final class Platform implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(6); // the launcher may train its AOT cache first
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final Process process; // null when attached
  private final long pid;        // -1 when unknown
  private final URI ingest;
  private final URI gateway;
  private final URI processors;
  private final Path log;
  private final List<String> command;
  private final Map<String, String> environment;
  private static final java.util.regex.Pattern STARTED_IN = java.util.regex.Pattern.compile("started in ([0-9.]+) s");
  private long startedNanos = -1; // System.nanoTime() when the platform's JVM started; -1 when attached
  private double startupSeconds = Double.NaN; // JVM start to "Herald is running", as the platform reports it

  private Platform(Process process, long pid, URI ingest, URI gateway, URI processors, Path log, List<String> command,
                   Map<String, String> environment) {
    this.process = process;
    this.pid = pid;
    this.ingest = ingest;
    this.gateway = gateway;
    this.processors = processors;
    this.log = log;
    this.command = command;
    this.environment = environment;
  }

  static Platform attach(URI ingest, URI gateway, URI processors, long pid) {
    return new Platform(null, pid, HeraldClient.requireLoopback(ingest), HeraldClient.requireLoopback(gateway),
        processors == null ? null : HeraldClient.requireLoopback(processors), null, List.of(), Map.of());
  }

  /** Starts the platform and waits (bounded) for "Herald is running" on its output. */
  static Platform launch(Path workDir, Path jar, String heap, List<String> jvmOptions, Map<String, String> extraEnv)
      throws IOException, InterruptedException {
    return launch(workDir, jar, null, heap, jvmOptions, extraEnv);
  }

  /**
   * As above; with a {@code launcher} (the repository's {@code herald} script) the platform is
   * started the way the README starts it (JDK 25 + AOT cache where available), the heap and JVM
   * options passed in {@code HERALD_JAVA_OPTS}. The script execs the JVM, so the PID is the JVM's.
   */
  static Platform launch(Path workDir, Path jar, Path launcher, String heap, List<String> jvmOptions,
                         Map<String, String> extraEnv) throws IOException, InterruptedException {
    Path data = workDir.resolve("data");
    Path tmp = workDir.resolve("tmp");
    Files.createDirectories(data);
    Files.createDirectories(tmp);
    int[] ports = io.herald.standalone.FreePorts.loopback(5);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HERALD_DATA_DIR", data.toString());
    env.put("HERALD_HOST", "127.0.0.1");
    env.put("HERALD_KAFKA_PORT", Integer.toString(ports[0]));
    env.put("HERALD_MONGO_PORT", Integer.toString(ports[1]));
    env.put("HERALD_INGEST_PORT", Integer.toString(ports[2]));
    env.put("HERALD_GATEWAY_PORT", Integer.toString(ports[3]));
    env.put("HERALD_PROCESSORS_PORT", Integer.toString(ports[4]));
    // The bench posts far above the default 50/s per user (burst 100) from a few accounts.
    env.put("HERALD_INGEST_RATE_LIMIT_PER_USER_PER_SECOND", "1000000");
    env.put("HERALD_INGEST_RATE_LIMIT_PER_USER_BURST", "1000000");
    // Benches sign up hundreds of users from one address; sign-up cost is not what they measure.
    env.put("HERALD_INGEST_RATE_LIMIT_ANONYMOUS_PER_SECOND", "100000");
    env.put("HERALD_INGEST_RATE_LIMIT_ANONYMOUS_BURST", "100000");
    env.put("HERALD_INGEST_PASSWORDS_MEMORY_KIB", "1024");
    env.put("HERALD_INGEST_PASSWORDS_ITERATIONS", "1");
    env.putAll(extraEnv);

    List<String> cmd = new ArrayList<>();
    if (launcher != null) {
      env.put("HERALD_JAVA_OPTS", String.join(" ", "-Xmx" + heap, "-Djava.io.tmpdir=" + tmp, String.join(" ", jvmOptions)).trim());
      cmd.add(launcher.toAbsolutePath().normalize().toString());
    } else {
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx" + heap);
      cmd.add("-Djava.io.tmpdir=" + tmp);
      cmd.addAll(jvmOptions);
    }
    if (launcher != null) {
      // the launcher finds the jar itself
    } else if (jar != null && Files.isRegularFile(jar)) {
      // A private copy: other builds may rewrite the original while this run reads classes from it.
      Path copy = workDir.resolve("platform.jar");
      Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      cmd.add("-jar");
      cmd.add(copy.toString());
    } else {
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add("io.herald.standalone.HeraldStandalone");
    }
    Path logFile = workDir.resolve("platform.log");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    long spawned = System.nanoTime();
    Process p = pb.start();
    CountDownLatch running = new CountDownLatch(1);
    double[] startedSeconds = {Double.NaN};
    long[] runningAt = {0};
    Thread pump = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
           PrintWriter out = new PrintWriter(Files.newBufferedWriter(logFile), true)) {
        String line;
        while ((line = in.readLine()) != null) {
          out.println(line);
          if (line.contains("Herald is running")) {
            // The platform's own start time (its JVM's), not counting an AOT training run before it.
            java.util.regex.Matcher m = STARTED_IN.matcher(line);
            startedSeconds[0] = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
            runningAt[0] = System.nanoTime();
            running.countDown();
          }
        }
      } catch (IOException e) {
        // the process went away
      }
    }, "platform-output");
    pump.setDaemon(true);
    pump.start();
    URI loop = URI.create("http://127.0.0.1");
    Platform platform = new Platform(p, p.pid(), port(loop, ports[2]), port(loop, ports[3]), port(loop, ports[4]),
        logFile, cmd, env);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!running.await(200, TimeUnit.MILLISECONDS)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        platform.close();
        throw new IllegalStateException("platform did not start (see " + logFile + "):\n" + tail(logFile, 30));
      }
    }
    platform.startedNanos = Double.isNaN(startedSeconds[0]) ? spawned : runningAt[0] - (long) (startedSeconds[0] * 1e9);
    platform.startupSeconds = startedSeconds[0];
    return platform;
  }

  private static URI port(URI base, int port) {
    return URI.create(base + ":" + port);
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  URI ingest() {
    return ingest;
  }

  URI gateway() {
    return gateway;
  }

  URI processors() {
    return processors;
  }

  long pid() {
    return pid;
  }

  /** {@code System.nanoTime()} when the platform's JVM started (after any AOT training); -1 when attached. */
  long startedNanos() {
    return startedNanos;
  }

  /** JVM start to "Herald is running", in seconds, as the platform printed it; NaN when unknown. */
  double startupSeconds() {
    return startupSeconds;
  }

  boolean launched() {
    return process != null;
  }

  List<String> command() {
    return command;
  }

  Map<String, String> environment() {
    return environment;
  }

  // ---- process figures (Linux /proc, jcmd) ----

  /** Resident set size of the platform process in bytes, from /proc/PID/status VmRSS. */
  OptionalLong rssBytes() {
    OptionalLong kb = statusKb("VmRSS:");
    return kb.isPresent() ? OptionalLong.of(kb.getAsLong() * 1024) : OptionalLong.empty();
  }

  /** Open file descriptors of the platform process. */
  OptionalLong openFiles() {
    if (pid < 0) {
      return OptionalLong.empty();
    }
    try (var s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return OptionalLong.of(s.count());
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  private OptionalLong statusKb(String key) {
    if (pid < 0) {
      return OptionalLong.empty();
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(key)) {
          return OptionalLong.of(Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or gone
    }
    return OptionalLong.empty();
  }

  /** CPU time (user + system) of a process in milliseconds, from /proc/PID/stat; -1 when unknown. */
  static long cpuMillis(String pidOrSelf) {
    try {
      String stat = Files.readString(Path.of("/proc", pidOrSelf, "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields after the command: state(3) ... utime(14) stime(15) -> indexes 11 and 12 here
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // CLK_TCK = 100
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  long cpuMillis() {
    return pid < 0 ? -1 : cpuMillis(Long.toString(pid));
  }

  /** Asks the platform's JVM for a full GC ({@code jcmd PID GC.run}); false when that is not possible. */
  boolean gc() {
    return jcmd("GC.run") != null;
  }

  /**
   * Live objects by class after a full GC ({@code jcmd PID GC.class_histogram}): class name →
   * {instances, bytes}; empty when jcmd is not available.
   */
  Map<String, long[]> classHistogram() {
    String out = jcmd("GC.class_histogram");
    Map<String, long[]> classes = new LinkedHashMap<>();
    if (out == null) {
      return classes;
    }
    for (String line : out.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":")) {
        try {
          classes.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
        } catch (NumberFormatException e) {
          // header or total line
        }
      }
    }
    return classes;
  }

  /** Per-thread CPU milliseconds by Java thread name (including JVM threads), via {@code jcmd PID Thread.print}. */
  Map<String, Double> threadCpu() {
    String dump = jcmd("Thread.print");
    if (dump == null) {
      return Map.of();
    }
    Map<String, Double> cpu = new LinkedHashMap<>();
    for (String line : dump.split("\n")) {
      if (!line.startsWith("\"")) {
        continue;
      }
      int close = line.indexOf('"', 1);
      int at = line.indexOf("cpu=", close);
      int nid = line.indexOf("nid=", close);
      if (close < 0 || at < 0) {
        continue;
      }
      int end = line.indexOf("ms", at);
      String name = line.substring(1, close);
      String key = name + (nid < 0 ? "" : " " + line.substring(nid).split("\\s")[0]);
      try {
        cpu.merge(key, Double.parseDouble(line.substring(at + 4, end)), Double::sum);
      } catch (RuntimeException e) {
        // unexpected format: skip
      }
    }
    return cpu;
  }

  /** Runs {@code jcmd PID command...}; its output, or null when it failed. */
  String jcmd(String... command) {
    if (pid < 0) {
      return null;
    }
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    List<String> cmd = new ArrayList<>();
    cmd.add(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd");
    cmd.add(Long.toString(pid));
    cmd.addAll(Arrays.asList(command));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return null;
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  // ---- Prometheus ----

  /**
   * Sum of the samples of {@code metric} whose labels contain every {@code label="value"} given, in
   * a Prometheus text exposition; NaN when there is none.
   */
  static double sample(String exposition, String metric, String... labels) {
    double sum = 0;
    boolean found = false;
    for (String line : exposition.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(metric)) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
      if (!name.equals(metric)) {
        continue;
      }
      String labelPart = brace >= 0 && brace < space ? line.substring(brace, line.lastIndexOf('}') + 1) : "";
      if (Arrays.stream(labels).allMatch(labelPart::contains)) {
        sum += Double.parseDouble(line.substring(space + 1).trim());
        found = true;
      }
    }
    return found ? sum : Double.NaN;
  }

  @Override
  public void close() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy(); // SIGTERM: the platform's shutdown hook closes services, database and broker
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        System.err.println("bench: platform did not stop within " + STOP_TIMEOUT + "; killing it");
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  Path log() {
    return log;
  }
}
