package io.herald.processors.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.events.PresenceEvent;
import io.herald.events.PresenceKind;
import io.herald.events.PresenceState;
import io.herald.events.PresenceStatus;
import io.herald.schemas.dlq.DeadLetters;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Records that cannot be applied are parked on presence.dlq, and processing goes on. */
class PresenceDeadLetterTest {

  private final PresenceFixture f = new PresenceFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void undecodableRecordGoesToTheDeadLetterTopic() {
    byte[] poison = "{\"kind\":\"CONNECTED\"}".getBytes(StandardCharsets.UTF_8);
    f.rawPresence.pipeInput("u1", poison, f.now());
    f.beat("gw");
    f.connect("u1", "s1", "phone", "gw");

    TestRecord<String, byte[]> dead = f.presenceDlq.readRecord();
    assertThat(dead.key()).isEqualTo("u1");
    assertThat(dead.value()).isEqualTo(poison);
    assertThat(header(dead, DeadLetters.H_TOPIC)).isEqualTo(Topics.PRESENCE.name());
    assertThat(f.presenceDlq.isEmpty()).isTrue();
    assertThat(f.emitted()).extracting(PresenceState::getStatus).containsExactly(PresenceStatus.ONLINE);
  }

  @Test
  void eventsBreakingTheContractGoToTheDeadLetterTopicUnapplied() {
    f.beat("gw");
    PresenceEvent wrongKey = PresenceFixture.event("u2", "s1", "phone", "gw", PresenceKind.CONNECTED, f.now());
    PresenceEvent nulInId = PresenceFixture.event("u1", "s\u00001", "phone", "gw", PresenceKind.CONNECTED, f.now());
    PresenceEvent blankDevice = PresenceFixture.event("u1", "s1", " ", "gw", PresenceKind.CONNECTED, f.now());
    pipeUnder("u1", wrongKey);
    f.send(nulInId);
    f.send(blankDevice);

    List<TestRecord<String, byte[]>> dead = f.presenceDlq.readRecordsToList();
    assertThat(dead).hasSize(3);
    assertThat(dead).allSatisfy(r -> assertThat(header(r, DeadLetters.H_STAGE))
        .isEqualTo("processor:" + PresenceTopology.TRACKER));
    assertThat(header(dead.get(0), DeadLetters.H_MESSAGE)).contains("is not the event's user_id");
    assertThat(header(dead.get(1), DeadLetters.H_MESSAGE)).contains("session_id");
    assertThat(header(dead.get(2), DeadLetters.H_MESSAGE)).contains("device_id");
    assertThat(f.emitted()).isEmpty();
    assertThat(f.stored("u1")).isNull();
    assertThat(f.stored("u2")).isNull();
  }

  private void pipeUnder(String key, PresenceEvent event) {
    f.rawPresence.pipeInput(key, Topics.PRESENCE.valueSerde().serializer().serialize(Topics.PRESENCE.name(), event),
        event.getOccurredAt());
  }

  private static String header(TestRecord<?, ?> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
