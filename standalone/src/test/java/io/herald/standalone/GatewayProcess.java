package io.herald.standalone;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A delivery gateway in its own OS process (the module's executable jar), so a test can kill it
 * with SIGKILL: no goodbye, no shutdown hook — what a crashed gateway looks like to Kafka.
 */
final class GatewayProcess implements AutoCloseable {

  private final Process process;
  final int port;

  private GatewayProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static GatewayProcess start(int port, List<String> args) throws IOException {
    Path jar = Files.list(Path.of("..", "delivery-gateway", "target"))
        .filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst()
        .orElseThrow(() -> new IllegalStateException("build delivery-gateway first (its -exec.jar is missing)"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-jar", jar.toString(), "--server.port=" + port, "--spring.main.banner-mode=off"));
    cmd.addAll(args);
    File log = Files.createTempFile("gateway-process", ".log").toFile();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
    GatewayProcess gw = new GatewayProcess(p, port);
    gw.awaitUp(Duration.ofSeconds(90), log);
    return gw;
  }

  private void awaitUp(Duration timeout, File log) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("gateway process exited; see " + log);
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(200); // polling a starting process; no assertion depends on this pause
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("gateway process not healthy within " + timeout + "; see " + log);
  }

  /** SIGKILL: the gateway says nothing more to anyone. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException(e));
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
