package io.herald.gateway.shopfeed;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.gateway.GatewayIntegrationTestBase;
import io.herald.gateway.ShopEvents;
import io.herald.gateway.SseClient;
import io.herald.gateway.TestTokens;
import io.herald.schemas.dlq.DeadLetters;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.KafkaProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.codec.ServerSentEvent;

class FanOutAndPoisonIntegrationTest extends GatewayIntegrationTestBase {

  private static final Duration WAIT = Duration.ofSeconds(15);

  @Autowired
  ShopFeedHub hub;

  @Autowired
  MeterRegistry meters;

  @Test
  void twentyDashboardsOnOneShopAllGetTheEventThroughOneLiveConsumer() {
    String shop = newShop();
    String otherShop = newShop();
    List<SseClient> dashboards = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        dashboards.add(SseClient.open(port, shop, TestTokens.merchant(shop)));
      }
      dashboards.add(SseClient.open(port, otherShop, TestTokens.merchant(otherShop)));
      dashboards.forEach(SseClient::awaitConnected);

      kafka.send(shop, ShopEvents.checkout(shop, "c-fan"));
      kafka.send(otherShop, ShopEvents.checkout(otherShop, "c-other"));

      for (SseClient d : dashboards.subList(0, 20)) {
        assertThat(d.nextEvent(WAIT).data()).contains("c-fan");
      }
      assertThat(dashboards.get(20).nextEvent(WAIT).data()).as("other shops are not mixed in").contains("c-other");
      assertThat(hub.consumersCreated()).as("live consumers of this gateway").isEqualTo(1);
      assertThat(meters.get("herald.gateway.feed.live.consumers").gauge().value()).isEqualTo(1.0);
      assertThat(meters.get("herald.gateway.streams.open").gauge().value()).isGreaterThanOrEqualTo(21.0);
    } finally {
      dashboards.forEach(SseClient::close);
    }
  }

  @Test
  void aPoisonRecordGoesToTheDeadLetterTopicAndLaterRecordsStillFlow() {
    String shop = newShop();
    Map<Integer, Long> dlqBefore = KafkaProbe.infra().endOffsets(Topics.CHECKOUTS.dlq());
    byte[] poison = "definitely not avro".getBytes(StandardCharsets.UTF_8);
    try (SseClient sse = SseClient.open(port, shop, TestTokens.merchant(shop)).awaitConnected()) {
      var written = kafka.sendRaw(Topics.CHECKOUTS.name(), shop, poison);
      kafka.send(shop, ShopEvents.checkout(shop, "c-after-poison"));

      ServerSentEvent<String> next = sse.nextEvent(WAIT);
      assertThat(next.data()).contains("c-after-poison");
      assertThat(next.id()).as("the cursor moves past the poison record")
          .startsWith("1." + written.partition() + "." + (written.offset() + 2) + ".");

      List<ConsumerRecord<byte[], byte[]>> dead = KafkaProbe.infra().readAfter(Topics.CHECKOUTS.dlq(), dlqBefore, 1, WAIT);
      ConsumerRecord<byte[], byte[]> letter = dead.stream()
          .filter(r -> shop.equals(new String(r.key(), StandardCharsets.UTF_8))).findFirst().orElseThrow();
      assertThat(letter.value()).isEqualTo(poison);
      assertThat(letter.partition()).isEqualTo(written.partition());
      assertThat(new String(letter.headers().lastHeader(DeadLetters.H_OFFSET).value(), StandardCharsets.UTF_8))
          .isEqualTo(Long.toString(written.offset()));
      assertThat(new String(letter.headers().lastHeader(DeadLetters.H_STAGE).value(), StandardCharsets.UTF_8))
          .isEqualTo("delivery-gateway");
      assertThat(meters.get("herald.gateway.feed.records.undecodable").tag("topic", Topics.CHECKOUTS.name())
          .counter().count()).isGreaterThanOrEqualTo(1.0);
    }
  }
}
