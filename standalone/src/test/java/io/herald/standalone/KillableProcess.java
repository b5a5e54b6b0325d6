package io.herald.standalone;

import io.herald.gateway.GatewayApplication;
import io.herald.testkit.ServiceProcess;
import java.io.IOException;
import java.util.List;

/**
 * A Herald JVM in its own OS process, so a test can kill it with SIGKILL: no goodbye, no shutdown
 * hook — what a crash looks like to Kafka. Either a delivery gateway
 * or the whole one-JVM platform ({@link HeraldStandalone}: broker, database and every service).
 */
final class KillableProcess implements AutoCloseable {

  private final ServiceProcess process;
  final int port;

  private KillableProcess(ServiceProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * A delivery gateway listening on {@code port}, its main class run from the classpath Maven resolved
   * for this module (no sibling {@code target/} jar, so {@code -pl standalone} and IDE runs work); up once
   * its health is UP.
   */
  static KillableProcess gateway(int port, List<String> args) throws IOException {
    return new KillableProcess(ServiceProcess.start(GatewayApplication.class.getName(), port, args), port);
  }

  /**
   * The whole platform ({@code java -jar herald-standalone.jar}, run from this module's classpath since
   * tests run before packaging) with the given {@code -D} settings; up once the gateway, started last,
   * is healthy.
   */
  static KillableProcess platform(StandaloneSettings s) throws IOException {
    // The child's own temp folder, beside (not above) the data folder: a checkout under /tmp would
    // otherwise put the data folder inside the OS temp folder, and Kafka Streams warns about that.
    java.nio.file.Path tmp = java.nio.file.Files.createDirectories(
        java.nio.file.Path.of(s.dataDir().toAbsolutePath() + "-jvm-tmp"));
    List<String> cmd = List.of(ServiceProcess.java(), "-Xmx768m", "-XX:TieredStopAtLevel=1", "-cp", ServiceProcess.classpath(),
        "-Djava.io.tmpdir=" + tmp,
        "-Dherald.data-dir=" + s.dataDir(), "-Dherald.host=" + s.host(), "-Dherald.kafka-port=" + s.kafkaPort(),
        "-Dherald.mongo-port=" + s.mongoPort(), "-Dherald.ingest-port=" + s.ingestPort(),
        "-Dherald.gateway-port=" + s.gatewayPort(), "-Dherald.processors-port=" + s.processorsPort(),
        "-Dherald.notifier-port=" + s.notifierPort(),
        "-Dherald.topics.partitions=" + s.partitions(), HeraldStandalone.class.getName());
    return new KillableProcess(ServiceProcess.launch(cmd, s.gatewayPort(), "platform"), s.gatewayPort());
  }

  /** Everything the process printed (stdout and stderr). */
  java.nio.file.Path log() {
    return process.log().toPath();
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
