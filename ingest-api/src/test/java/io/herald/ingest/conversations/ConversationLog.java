package io.herald.ingest.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.events.ConversationEvent;
import io.herald.schemas.topics.TopicSpec;
import io.herald.testkit.KafkaProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;

/** Reads one key's records on a shared topic after a mark (end offsets taken before the action). */
final class ConversationLog {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private final KafkaProbe kafka = KafkaProbe.infra();

  Map<Integer, Long> mark(TopicSpec<String, ?> topic) {
    return kafka.endOffsets(topic.name());
  }

  /** The end offset of the partition {@code key} lands on: it moves iff something was produced for any key there. */
  long endOffsetOf(TopicSpec<String, ?> topic, String key) {
    Map<Integer, Long> ends = kafka.endOffsets(topic.name());
    return ends.get(Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % ends.size());
  }

  /** {@code key}'s values after {@code before}, polled until one matches {@code last} (the newest expected). */
  <V> List<V> valuesUpTo(TopicSpec<String, V> topic, Map<Integer, Long> before, String key, Predicate<V> last) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<V> values = kafka.readAfter(topic, before, 1, WAIT).stream()
          .filter(r -> key.equals(r.key())).map(ConsumerRecord::value).toList();
      if (values.stream().anyMatch(last)) {
        return values;
      }
      assertThat(System.nanoTime()).as("a matching record for %s on %s", key, topic.name()).isLessThan(deadline);
    }
  }

  List<ConversationEvent> eventsUpTo(Map<Integer, Long> before, String conversationId, Predicate<ConversationEvent> last) {
    return valuesUpTo(io.herald.schemas.topics.Topics.CONVERSATIONS, before, conversationId, last);
  }
}
