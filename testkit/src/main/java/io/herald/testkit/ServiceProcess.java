package io.herald.testkit;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Herald service in its own OS process, started from this JVM's classpath with a main class, so a
 * test can SIGKILL it: no shutdown hook, no goodbye, uncommitted offsets left behind. Waits until
 * {@code /actuator/health} answers 200.
 */
public final class ServiceProcess implements AutoCloseable {

  private final Process process;
  private final File log;

  private ServiceProcess(Process process, File log) {
    this.process = process;
    this.log = log;
  }

  public static ServiceProcess start(String mainClass, int port, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=240m",
        "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-cp", classpath(), mainClass,
        "--server.port=" + port, "--spring.main.banner-mode=off"));
    cmd.addAll(args);
    return launch(cmd, port, "service");
  }

  /** This JVM's {@code java} executable. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The test's classpath as Maven (surefire) or the IDE resolved it: a service started with it runs the
   * module's dependencies as built in this reactor, with no path to another module's {@code target/}.
   */
  public static String classpath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  /** Any command line that starts a JVM serving {@code /actuator/health} on {@code port}; output goes to a log file. */
  public static ServiceProcess launch(List<String> command, int port, String what) throws IOException {
    ServiceProcess p = spawn(command, what);
    p.awaitUp(port, Duration.ofSeconds(120));
    return p;
  }

  /**
   * Any command line, without waiting for anything: for a process with no HTTP endpoint (a plain Kafka
   * consumer), whose progress the test watches on Kafka. Output goes to a log file.
   */
  public static ServiceProcess spawn(List<String> command, String what) throws IOException {
    File log = Files.createTempFile(what + "-process", ".log").toFile();
    return new ServiceProcess(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start(), log);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public File log() {
    return log;
  }

  private void awaitUp(int port, Duration timeout) {
    HttpReadiness.await(process, URI.create("http://127.0.0.1:" + port + "/actuator/health"), timeout,
        () -> "service process (see " + log + ")");
  }

  /** SIGKILL. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
