package io.herald.gateway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.gateway.GatewayIntegrationTestBase;
import io.herald.gateway.HttpProbe;
import io.herald.gateway.RawSseConnection;
import io.herald.gateway.SseClient;
import io.herald.gateway.TestTokens;
import io.herald.gateway.shopfeed.ShopReplayer;
import io.herald.testkit.Await;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** The bounds of a gateway: per-connection buffer (slow clients), open streams, concurrent replays. */
@TestPropertySource(properties = {
    "herald.gateway.stream.buffer-size=32",
    "herald.gateway.stream.max-connections=4",
    "herald.gateway.feed.max-concurrent-replays=1"})
@Import(StreamLimitsIntegrationTest.SmallSocketBuffers.class)
class StreamLimitsIntegrationTest extends GatewayIntegrationTestBase {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int BATCH = 10;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Small socket buffers, so a client that stops reading backs up within a few hundred events. */
  @TestConfiguration
  static class SmallSocketBuffers {
    @Bean
    NettyServerCustomizer smallSendBuffers() {
      return server -> server.childOption(ChannelOption.SO_SNDBUF, 4096)
          .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1024, 2048));
    }
  }

  @Autowired
  MeterRegistry meters;

  @Autowired
  ShopReplayer replayer;

  @BeforeEach
  void noStreamsLeftOpen() {
    Await.until("streams of earlier tests to close", () -> openStreams() == 0, WAIT);
  }

  @Test
  void aSlowDashboardOverflowsAndIsDisconnectedWhileOthersContinueAndItResumesLosslessly() throws Exception {
    String shop = newShop();
    String token = TestTokens.merchant(shop);
    double overflowsBefore = overflows();
    int n = 800;
    try (RawSseConnection slow = new RawSseConnection(port, "/v1/shops/" + shop + "/stream", token)
        .awaitConnected(WAIT);
         SseClient fast = SseClient.open(port, shop, token).awaitConnected()) {

      // paced like a busy shop, not one burst: a reader that keeps up never overflows
      for (int sent = 0; sent < n; sent += BATCH) {
        kafka.sendCheckouts(shop, "c-", sent, BATCH);
        List<ServerSentEvent<String>> batch = fast.nextEvents(BATCH, WAIT);
        assertThat(checkoutId(batch.get(BATCH - 1))).isEqualTo("c-" + (sent + BATCH - 1));
      }
      Await.until("the slow dashboard (only) to overflow", () -> overflows() == overflowsBefore + 1, WAIT);

      List<Map<String, String>> frames = slow.readToEnd(WAIT).frames();
      assertThat(frames.get(frames.size() - 1)).containsEntry("event", "overflow").doesNotContainKey("id");
      List<Map<String, String>> got = frames.stream().filter(f -> "checkout".equals(f.get("event"))).toList();
      assertThat(got.size()).as("the slow one got a prefix").isLessThan(n);
      for (int i = 0; i < got.size(); i++) {
        assertThat(got.get(i).get("data")).contains("\"c-" + i + "\"");
      }

      String resumeFrom = got.isEmpty() ? null : got.get(got.size() - 1).get("id");
      try (SseClient resumed = SseClient.open(port, "/v1/shops/" + shop + "/stream", token, resumeFrom).awaitConnected()) {
        List<ServerSentEvent<String>> rest = resumed.nextEvents(n - got.size(), WAIT);
        assertThat(checkoutId(rest.get(0))).isEqualTo("c-" + got.size());
        assertThat(checkoutId(rest.get(rest.size() - 1))).isEqualTo("c-" + (n - 1));
      }
    }
  }

  @Test
  void streamsBeyondTheCapAre503WithRetryAfter() {
    String shop = newShop();
    String token = TestTokens.merchant(shop);
    List<SseClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        open.add(SseClient.open(port, shop, token).awaitConnected());
      }

      ResponseEntity<String> refused = HttpProbe.get(port, "/v1/shops/" + shop + "/stream", h -> h.setBearerAuth(token));

      assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
      assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
      assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");

      open.remove(0).close();
      Await.until("a slot to free up", () -> openStreams() < 4, WAIT);
      open.add(SseClient.open(port, shop, token).awaitConnected());
    } finally {
      open.forEach(SseClient::close);
    }
  }

  @Test
  void replaysBeyondTheCapAre503ButLiveStreamsStillOpen() {
    String shop = newShop();
    String token = TestTokens.merchant(shop);
    String replayPath = "/v1/shops/" + shop + "/stream?lastMinutes=5";

    try (ShopReplayer.Reservation busy = replayer.tryReserve().orElseThrow()) {
      ResponseEntity<String> refused = HttpProbe.get(port, replayPath, h -> h.setBearerAuth(token));
      assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
      assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
      try (SseClient live = SseClient.open(port, shop, token)) {
        live.awaitConnected();
      }
    }
    try (SseClient replaying = SseClient.open(port, replayPath, token, null)) {
      replaying.awaitConnected();
    }
  }

  private double openStreams() {
    return meters.get("herald.gateway.streams.open").gauge().value();
  }

  private double overflows() {
    return meters.get("herald.gateway.overflow.disconnects").counter().count();
  }

  private static String checkoutId(ServerSentEvent<String> e) {
    return JSON.readTree(e.data()).get("checkoutId").asString();
  }
}
