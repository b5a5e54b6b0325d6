package io.herald.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionDefaultsTest {

  private static final String KEY = "reactor.netty.send.maxPrefetchSize";
  private final String before = System.getProperty(KEY);

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(KEY);
    } else {
      System.setProperty(KEY, before);
    }
  }

  @Test
  void sixteenFramesPerConnectionUnlessGiven() {
    System.clearProperty(KEY);
    GatewayApplication.connectionDefaults();
    assertThat(System.getProperty(KEY)).isEqualTo("16");

    System.setProperty(KEY, "64"); // an operator's -D wins
    GatewayApplication.connectionDefaults();
    assertThat(System.getProperty(KEY)).isEqualTo("64");
  }
}
