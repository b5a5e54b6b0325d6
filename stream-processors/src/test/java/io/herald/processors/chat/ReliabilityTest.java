package io.herald.processors.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.events.Delivery;
import io.herald.processors.chat.state.ConversationState;
import io.herald.schemas.dlq.DeadLetters;
import io.herald.schemas.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Poison records, the processing guarantee, and state that can be restored. */
class ReliabilityTest {

  /**
   * TopologyTestDriver under EOS loses a DLQ record the handler sends while the poison is decoded
   * on enqueue (it clears the mock producer, open transaction included, before committing). Holding
   * records back with max.task.idle.ms makes the poison be decoded mid-processing instead, as a
   * stream thread does; on a real broker, exactly_once_v2 + this handler was checked end to end.
   */
  @Test
  void aPoisonRecordGoesToTheDlqAndTheNextMessageGetsTheNextSeq() {
    Properties holdBack = new Properties();
    holdBack.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 60_000L); // receipts stays empty: wait for wall clock
    try (ChatFixture chat = new ChatFixture(ConversationLimits.DEFAULTS, StreamsConfig.EXACTLY_ONCE_V2, holdBack)) {
      chat.createGroup("g1", "a", List.of("a", "b"), List.of());
      chat.send("g1", "a");
      byte[] poison = "definitely not avro".getBytes(StandardCharsets.UTF_8);
      chat.rawConversations.pipeInput("g1", poison);
      chat.send("g1", "b");
      chat.driver.advanceWallClockTime(Duration.ofMinutes(2));

      assertThat(chat.inbox.readValuesToList()).filteredOn(d -> d.getRecipientId().equals("a"))
          .extracting(Delivery::getSeq).containsExactly(1L, 2L);
      List<TestRecord<byte[], byte[]>> dead = chat.conversationsDlq.readRecordsToList();
      assertThat(dead).hasSize(1);
      assertThat(dead.get(0).value()).isEqualTo(poison);
      assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("g1");
      assertThat(new String(dead.get(0).headers().lastHeader(DeadLetters.H_TOPIC).value(), StandardCharsets.UTF_8))
          .isEqualTo("conversations");
    }
  }

  @Test
  void refusesToRunWithoutExactlyOnce() {
    assertThatThrownBy(() -> new ChatFixture(ConversationLimits.DEFAULTS, StreamsConfig.AT_LEAST_ONCE).close())
        .hasStackTraceContaining("requires processing.guarantee=exactly_once_v2");
  }

  @Test
  void conversationStateIsChangeloggedSoATaskCanBeRestored() {
    try (ChatFixture chat = new ChatFixture()) {
      chat.createGroup("g1", "a", List.of("a", "b"), List.of("a"));
      chat.send("g1", "a");
      chat.send("g1", "b");

      TestOutputTopic<String, ConversationState> changelog = chat.driver.createOutputTopic(
          "chat-test-" + ConversationTopology.CONVERSATION_STORE + "-changelog", Serdes.String().deserializer(),
          AvroSerde.of(ConversationState.class).deserializer());
      List<TestRecord<String, ConversationState>> entries = changelog.readRecordsToList();
      assertThat(entries).isNotEmpty();
      ConversationState latest = entries.get(entries.size() - 1).value();
      assertThat(entries.get(entries.size() - 1).key()).isEqualTo("g1");
      assertThat(latest.getLastSeq()).isEqualTo(2L);
      assertThat(latest.getMembers()).containsOnlyKeys("a", "b");
      assertThat(latest.getAdmins()).containsExactly("a");
      assertThat(chat.driver.producedTopicNames())
          .contains("chat-test-" + ConversationTopology.SEND_DEDUP_STORE + "-changelog");
    }
  }

  @Test
  void limitsRejectNonsense() {
    assertThatThrownBy(() -> new ConversationLimits(Duration.ZERO, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ConversationLimits(Duration.ofHours(1), 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
