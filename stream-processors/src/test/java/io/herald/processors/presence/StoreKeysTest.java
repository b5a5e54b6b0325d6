package io.herald.processors.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

/** The stores order keys by their UTF-8 bytes; the scans rely on these orderings. */
class StoreKeysTest {

  @Test
  void everySessionOfAGatewaySortsBetweenItsPrefixAndTheHopPastIt() {
    for (String gateway : new String[] {"gw", "gw1", "g\u00e9"}) {
      String session = StoreKeys.session(gateway, "user\uFFFF", "\uFFFF");
      assertThat(bytes(session)).isGreaterThan(bytes(StoreKeys.gatewayPrefix(gateway)));
      assertThat(bytes(session)).isLessThan(bytes(StoreKeys.afterGateway(gateway)));
    }
    // a gateway whose id extends another's sorts after the hop, so it is visited, not skipped
    assertThat(bytes(StoreKeys.session("gw10", "", ""))).isGreaterThan(bytes(StoreKeys.afterGateway("gw1")));
    assertThat(StoreKeys.parseSession(StoreKeys.session("gw", "u", "s"))).containsExactly("gw", "u", "s");
  }

  @Test
  void timersDueByNowIncludeNowAndNothingLater() {
    long now = 1_767_225_600_000L;
    Bytes bound = bytes(StoreKeys.timersDueBy(now));
    assertThat(bytes(StoreKeys.timer(now, "\uFFFF"))).isLessThanOrEqualTo(bound);
    assertThat(bytes(StoreKeys.timer(now - 1, "u"))).isLessThan(bound);
    assertThat(bytes(StoreKeys.timer(now + 1, ""))).isGreaterThan(bound);
    assertThat(bytes(StoreKeys.timer(9, "u"))).as("fixed width: 9 before 10").isLessThan(bytes(StoreKeys.timer(10, "u")));
    assertThat(StoreKeys.timerUser(StoreKeys.timer(now, "u1"))).isEqualTo("u1");
  }

  private static Bytes bytes(String key) {
    return Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
  }
}
