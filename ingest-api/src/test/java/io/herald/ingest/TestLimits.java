package io.herald.ingest;

import io.herald.ingest.web.LimitSettings;
import java.time.Duration;
import org.springframework.util.unit.DataSize;

/** The default limits, as Boot would bind them with no configuration. */
public final class TestLimits {

  private TestLimits() {}

  public static LimitSettings defaults() {
    return new LimitSettings(DataSize.ofKilobytes(64), 100, 10_000, 128, 200, DataSize.ofKilobytes(4), 32, 512, 50,
        Duration.ofMinutes(5), Duration.ofDays(30));
  }
}
