package io.herald.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone start, as a user sees it ({@code java -jar herald-standalone.jar}, here from the test
 * class path): its URLs, no warning or error, each line naming its service, Streams state in the data
 * directory.
 */
class StandaloneStartLogTest {

  @TempDir
  Path data;

  @Test
  void aFreshStartPrintsItsUrlsAndNoWarningOrError() throws Exception {
    StandaloneSettings s = new StandaloneSettings(data, "127.0.0.1", Platform.freePort(), Platform.freePort(),
        Platform.freePort(), Platform.freePort(), Platform.freePort(), 12);
    try (KillableProcess platform = KillableProcess.platform(s)) {
      List<String> lines = Await.until("the start banner's last line", () -> read(platform.log()),
          all -> all.stream().anyMatch(l -> l.contains("Press Ctrl-C to stop.")), Duration.ofSeconds(60));
      String output = String.join("\n", lines);

      assertThat(output).contains("Herald is running", s.url(s.ingestPort()), s.url(s.gatewayPort()),
          s.url(s.gatewayPort()) + "/dashboard", s.url(s.processorsPort()) + "/actuator/health");
      assertThat(lines).as("warnings or errors at start").noneMatch(l -> l.matches(".*\\b(WARN|ERROR)\\b.*"));
      assertThat(lines).as("a quiet start: the banner and a few lines of Herald's own").hasSizeLessThan(40);
      assertThat(lines).as("the gateway's lines under its own name")
          .filteredOn(l -> l.contains("TopicTail") || l.contains("ShopFeedHub")).isNotEmpty()
          .allMatch(l -> l.contains("[delivery-gateway]"));
      assertThat(data.resolve("streams").resolve("herald-conversations")).as("Streams state in the data directory")
          .isDirectory();
    }
  }

  private static List<String> read(Path log) {
    try {
      return Files.readAllLines(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
