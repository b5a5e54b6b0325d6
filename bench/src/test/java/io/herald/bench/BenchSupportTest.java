package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench's own plumbing: formatting, SSE parsing, Prometheus parsing. No timings are asserted. */
class BenchSupportTest {

  @Test
  void formatsPercentilesInMilliseconds() {
    LatencyStats s = new LatencyStats();
    for (int i = 1; i <= 1000; i++) {
      s.record(i * 1_000_000L); // 1..1000 ms
    }
    assertThat(s.summary()).startsWith("n=1000 p50=500 p90=900 p99=990 p99.9=999 max=1000 ms");
    assertThat(s.row("x")).isEqualTo("| x | 1000 | 500 | 900 | 990 | 999 | 1000 |");
    assertThat(new LatencyStats().summary()).isEqualTo("n=0");
    assertThat(LatencyStats.ms(0.41234)).isEqualTo("0.412");
    assertThat(LatencyStats.ms(3.184)).isEqualTo("3.18");
    assertThat(LatencyStats.ms(41.23)).isEqualTo("41.2");
    assertThat(LatencyStats.ms(1234.4)).isEqualTo("1234");
  }

  @Test
  void parsesEventsSplitAcrossChunks() {
    List<String> seen = new ArrayList<>();
    SseParser p = new SseParser(new SseParser.Listener() {
      @Override
      public void onComment(String comment, long at) {
        seen.add("comment " + comment + " @" + at);
      }

      @Override
      public void onEvent(String event, String id, String data, long at) {
        seen.add(event + " " + id + " " + data + " @" + at);
      }
    });
    byte[] wire = ("retry:3000\n: connected\n\nid:1.2.3\nevent:checkout\ndata:{\"checkoutId\":\"c-1\"}\n\n"
        + ": heartbeat\r\n\r\ndata:a\ndata:b\n\n").getBytes(StandardCharsets.UTF_8);
    int cut = 40;
    p.feed(wire, 0, cut, 1);
    p.feed(wire, cut, wire.length - cut, 2);
    assertThat(seen).containsExactly("comment connected @1", "checkout 1.2.3 {\"checkoutId\":\"c-1\"} @2",
        "comment heartbeat @2", "message 1.2.3 a\nb @2");
    assertThat(SseParser.jsonField("{\"eventId\":\"e\",\"checkoutId\":\"c-1\"}", "checkoutId")).isEqualTo("c-1");
    assertThat(SseParser.jsonField("{}", "checkoutId")).isNull();
  }

  @Test
  void sumsPrometheusSamplesByLabel() {
    String m = """
        # HELP jvm_memory_used_bytes The amount of used memory
        # TYPE jvm_memory_used_bytes gauge
        jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1000.0
        jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2.5E3
        jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 7.0
        jvm_memory_used_bytes_other 9.0
        herald_gateway_streams_open 3.0
        """;
    assertThat(Platform.sample(m, "jvm_memory_used_bytes", "area=\"heap\"")).isEqualTo(3500.0);
    assertThat(Platform.sample(m, "jvm_memory_used_bytes")).isEqualTo(3507.0);
    assertThat(Platform.sample(m, "herald_gateway_streams_open")).isEqualTo(3.0);
    assertThat(Platform.sample(m, "missing")).isNaN();
  }

  @Test
  void sendsOnlyToLoopback() {
    assertThat(HeraldClient.requireLoopback(URI.create("http://127.0.0.3:8081"))).isNotNull();
    assertThatThrownBy(() -> HeraldClient.requireLoopback(URI.create("http://192.0.2.1:8081")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void groupsThreadNames() {
    assertThat(Probe.group("reactor-http-epoll-3")).isEqualTo("reactor-http-epoll-#");
    assertThat(Probe.group("herald-shop-stats-0b6f1d2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b-StreamThread-1"))
        .isEqualTo("herald-shop-stats-*-StreamThread-#");
  }

  @Test
  void reportsHeapGrowthPerConnectionByClass() {
    Map<String, long[]> before = Map.of("[B", new long[] {10, 1_000}, "java.lang.String", new long[] {5, 120});
    Map<String, long[]> with = Map.of("[B", new long[] {210, 21_000}, "java.lang.String", new long[] {105, 2_520},
        "x.Y", new long[] {100, 1_600});
    assertThat(ConnectionsBench.histogramDelta(before, with, 100, 2))
        .isEqualTo("total 240 B; [B 200 B (2.0 obj), java.lang.String 24 B (1.0 obj)");
  }

  @Test
  void parsesOptions() {
    Options o = Options.parse("ingest", "--clients", "8,64", "--duration=20", "--keep-data");
    assertThat(o.command()).isEqualTo("ingest");
    assertThat(o.integers("clients", "1")).containsExactly(8, 64);
    assertThat(o.seconds("duration", 30).toSeconds()).isEqualTo(20);
    assertThat(o.has("keep-data")).isTrue();
    assertThat(o.integer("missing", 7)).isEqualTo(7);
  }

  @Test
  void speaksEnoughSocketIoToFollowAShopRoom() {
    assertThat(Peer.reply("0{\"sid\":\"abc\",\"pingInterval\":25000}", "shop-1")).isEqualTo("40{\"shopId\":\"shop-1\"}");
    assertThat(Peer.reply("2", "shop-1")).isEqualTo("3");
    assertThat(Peer.reply("40{\"sid\":\"x\"}", "shop-1")).isNull();
    assertThat(Peer.checkoutId("42[\"checkout\",{\"id\":\"m\",\"shopId\":\"shop-1\",\"checkout\":{\"checkoutId\":\"em-1-7\"}}]"))
        .isEqualTo("em-1-7");
    assertThat(Peer.checkoutId("42[\"chat:message\",{\"checkoutId\":\"x\"}]")).isNull();
  }

  @Test
  void brokerRequestsPerMessageBusiestFirstSmallOnesLeftOut() {
    java.util.Map<String, Double> before = java.util.Map.of("Produce", 100.0, "Fetch", 50.0, "Metadata", 7.0);
    java.util.Map<String, Double> after = java.util.Map.of("Produce", 370.0, "Fetch", 456.0, "Metadata", 8.0, "EndTxn", 11.0);

    assertThat(PlatformJmx.perMessage(before, after, 100))
        .isEqualTo("Fetch 4.06, Produce 2.70, EndTxn 0.11 (6.9 in all)");
  }

  @Test
  void allocationPerRequestBetweenTwoSnapshotsOrNotAvailable() {
    PlatformJmx.Snapshot before = new PlatformJmx.Snapshot(java.util.Map.of(), 1_000_000);
    PlatformJmx.Snapshot after = new PlatformJmx.Snapshot(java.util.Map.of(), 51_000_000);

    assertThat(before.allocationPer(after, 2_000, "request")).isEqualTo("25.0 kB per request (50 MB in all)");
    assertThat(before.allocationPer(PlatformJmx.Snapshot.NONE, 2_000, "request")).isEqualTo("not available");
    assertThat(PlatformJmx.Snapshot.NONE.available()).isFalse();
  }
}
