package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityModelTest {

  private static String value(List<CapacityModel.Line> lines, String what) {
    return lines.stream().filter(l -> l.what().equals(what)).findFirst().orElseThrow().value();
  }

  private static List<CapacityModel.Line> plan(String... args) {
    Options o = Options.parse(args);
    return CapacityModel.plan(CapacityModel.Costs.measured(o), CapacityModel.Load.of(o));
  }

  @Test
  void connectionHeapIsConnectionsTimesTheMeasuredCost() {
    // 1,000,000 sockets x 24.1 kB + 20,000 streams x 21.9 kB = 24.1 + 0.438 GB; 2,000,000 sockets: 48.2 + 0.438
    assertThat(value(plan("capacity"), "connection heap")).isEqualTo("24.5 GB");
    assertThat(value(plan("capacity", "--users", "2000000"), "connection heap")).isEqualTo("48.6 GB");
  }

  @Test
  void chatPartitionsFollowTheConversationThreadsCeiling() {
    // 50,000 / (2,270 x 0.5) = 44.05 -> 45 threads -> 64 partitions
    assertThat(value(plan("capacity"), "partitions of chat topics")).isEqualTo("64");
    assertThat(value(plan("capacity", "--chat-rate", "5000"), "partitions of chat topics")).isEqualTo("8");
  }

  @Test
  void routedReadingDividesWhatEachGatewayFetchesByTheGatewayCount() {
    List<CapacityModel.Line> lines = plan("capacity");
    double all = Double.parseDouble(value(lines, "chat reader, mode all").split(" ")[0].replace(",", ""));
    double routed = Double.parseDouble(value(lines, "chat reader, mode routed").split(" ")[0].replace(",", ""));
    double gateways = Double.parseDouble(value(lines, "gateways").replace(",", ""));
    assertThat(routed).isCloseTo(all / gateways, org.assertj.core.data.Offset.offset(0.1));
    assertThat(gateways).isGreaterThanOrEqualTo(2);
  }
}
