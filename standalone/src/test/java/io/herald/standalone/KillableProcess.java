package io.herald.standalone;

import io.herald.testkit.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Herald JVM in its own OS process, so a test can kill it with SIGKILL: no goodbye, no shutdown
 * hook — what a crash looks like to Kafka. Either a delivery gateway (the module's executable jar)
 * or the whole one-JVM platform ({@link HeraldStandalone}: broker, database and every service).
 */
final class KillableProcess implements AutoCloseable {

  private final ServiceProcess process;
  final int port;

  private KillableProcess(ServiceProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** A delivery gateway listening on {@code port}; up once its health is UP. */
  static KillableProcess gateway(int port, List<String> args) throws IOException {
    Path jar = Files.list(Path.of("..", "delivery-gateway", "target"))
        .filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst()
        .orElseThrow(() -> new IllegalStateException("build delivery-gateway first (its -exec.jar is missing)"));
    List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx256m", "-jar", jar.toString(), "--server.port=" + port,
        "--spring.main.banner-mode=off"));
    cmd.addAll(args);
    return launch(cmd, port, "gateway");
  }

  /**
   * The whole platform ({@code java -jar herald-standalone.jar}, run from this module's classpath since
   * tests run before packaging) with the given {@code -D} settings; up once the gateway, started last,
   * is healthy.
   */
  static KillableProcess platform(StandaloneSettings s) throws IOException {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = List.of(java(), "-Xmx768m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
        "-Dherald.data-dir=" + s.dataDir(), "-Dherald.host=" + s.host(), "-Dherald.kafka-port=" + s.kafkaPort(),
        "-Dherald.mongo-port=" + s.mongoPort(), "-Dherald.ingest-port=" + s.ingestPort(),
        "-Dherald.gateway-port=" + s.gatewayPort(), "-Dherald.processors-port=" + s.processorsPort(),
        "-Dherald.topics.partitions=" + s.partitions(), HeraldStandalone.class.getName());
    return launch(cmd, s.gatewayPort(), "platform");
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static KillableProcess launch(List<String> cmd, int port, String what) throws IOException {
    return new KillableProcess(ServiceProcess.launch(cmd, port, what), port);
  }

  /** SIGKILL: the process says nothing more to anyone. */
  void kill() {
    process.kill();
  }

  @Override
  public void close() {
    process.close();
  }
}
