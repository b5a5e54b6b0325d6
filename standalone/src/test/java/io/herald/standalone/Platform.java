package io.herald.standalone;

import io.herald.testkit.HeraldInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Starts all services in this JVM against the test kit's broker and Mongo-wire server. */
final class Platform {

  private Platform() {}

  static HeraldPlatform start() {
    return start(Map.of());
  }

  static HeraldPlatform start(Map<String, Object> extra) {
    return start(settings(), extra);
  }

  /** Settings for a platform on free ports with a fresh data folder, to know its ports before it starts. */
  static StandaloneSettings settings() {
    try {
      Path data = Files.createTempDirectory("herald-e2e");
      return new StandaloneSettings(data, "127.0.0.1", 0, 0, freePort(), freePort(), freePort(), HeraldInfra.partitions(),
          freePort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static HeraldPlatform start(StandaloneSettings settings, Map<String, Object> extra) {
    return HeraldPlatform.startServices(settings, HeraldInfra.kafkaBootstrapServers(), HeraldInfra.mongoUri(), extra);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
