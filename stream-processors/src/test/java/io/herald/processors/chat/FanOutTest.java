package io.herald.processors.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.herald.events.Delivery;
import io.herald.events.DeliveryState;
import io.herald.events.MemberCursor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sequencing, fan-out and send de-duplication. */
class FanOutTest {

  private final ChatFixture chat = new ChatFixture();

  @AfterEach
  void close() {
    chat.close();
  }

  @Test
  void messagesGetConsecutiveSequenceNumbersAndReachBothSides() {
    chat.createDirect("d1", "alice", List.of("alice", "bob"));
    List<String> sent = new ArrayList<>();
    for (String sender : List.of("alice", "bob", "alice", "alice", "bob")) {
      sent.add(chat.send("d1", sender));
    }

    Map<String, List<Delivery>> byRecipient = byRecipient(chat.inbox.readRecordsToList());
    assertThat(byRecipient).containsOnlyKeys("alice", "bob");
    for (List<Delivery> deliveries : byRecipient.values()) {
      assertThat(deliveries).extracting(Delivery::getSeq).containsExactly(1L, 2L, 3L, 4L, 5L);
      assertThat(deliveries).extracting(Delivery::getMessageId).containsExactlyElementsOf(sent);
      assertThat(deliveries).extracting(Delivery::getConversationId).containsOnly("d1");
    }
    Delivery second = byRecipient.get("alice").get(1);
    assertThat(second.getSenderId()).isEqualTo("bob");
    assertThat(second.getRecipientId()).isEqualTo("alice");
    assertThat(second.getClientMsgId()).isEqualTo("c-2");
    assertThat(second.getBody()).isEqualTo("hello c-2");
    assertThat(second.getSentAt()).isEqualTo(ChatFixture.START);
  }

  @Test
  void everyMemberOfAGroupOfFiveGetsEveryMessageInTheSameOrder() {
    List<String> members = List.of("u1", "u2", "u3", "u4", "u5");
    chat.createGroup("g1", "u1", members, List.of("u1"));
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      sent.add(chat.send("g1", members.get((i * 3) % 5))); // senders interleave
    }

    Map<String, List<Delivery>> byRecipient = byRecipient(chat.inbox.readRecordsToList());
    assertThat(byRecipient).containsOnlyKeys(members); // senders included, for their other devices
    for (List<Delivery> deliveries : byRecipient.values()) {
      assertThat(deliveries).extracting(Delivery::getMessageId).containsExactlyElementsOf(sent);
      assertThat(deliveries).extracting(Delivery::getSeq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 12).boxed().toList());
    }
  }

  @Test
  void aNonMemberSendProducesNothingAndConsumesNoSequenceNumber() {
    chat.createGroup("g1", "a", List.of("a", "b"), List.of("a"));
    chat.drain();

    chat.send("g1", "mallory");
    assertThat(chat.inbox.isEmpty()).isTrue();
    assertThat(chat.deliveryState.isEmpty()).isTrue();
    assertThat(chat.rejected(Rejection.ACTOR_NOT_MEMBER)).isEqualTo(1.0);

    chat.send("g1", "a");
    assertThat(chat.inbox.readValuesToList()).extracting(Delivery::getSeq).containsOnly(1L);
  }

  @Test
  void aMessageToAnUnknownConversationProducesNothing() {
    chat.send("nowhere", "a");
    assertThat(chat.inbox.isEmpty()).isTrue();
    assertThat(chat.rejected(Rejection.UNKNOWN_CONVERSATION)).isEqualTo(1.0);
  }

  @Test
  void aRetriedSendIsDroppedButAnotherSendersSameClientIdIsNot() {
    chat.createGroup("g1", "a", List.of("a", "b"), List.of());
    chat.send("g1", "a", "same");
    chat.send("g1", "a", "same"); // retry
    chat.send("g1", "b", "same"); // different sender: a different message

    List<Delivery> toA = chat.inbox.readRecordsToList().stream().filter(r -> r.key().equals("a"))
        .map(TestRecord::value).toList();
    assertThat(toA).extracting(Delivery::getSenderId, Delivery::getSeq)
        .containsExactly(tuple("a", 1L), tuple("b", 2L));
    assertThat(chat.rejected(Rejection.DUPLICATE_MESSAGE)).isEqualTo(1.0);
  }

  @Test
  void sendsAreRememberedForTheDedupWindowAndNoLonger() {
    chat.createGroup("g1", "a", List.of("a", "b"), List.of());
    chat.send("g1", "a", "c1");
    chat.conversations.advanceTime(Duration.ofHours(23));
    chat.send("g1", "a", "c1"); // within 24 h of the first: a retry
    chat.conversations.advanceTime(Duration.ofHours(2));
    chat.send("g1", "a", "c1"); // 25 h after the first accepted send: accepted again, the bound is stated

    assertThat(chat.inbox.readValuesToList()).filteredOn(d -> d.getRecipientId().equals("b"))
        .extracting(Delivery::getSeq).containsExactly(1L, 2L);
    assertThat(chat.rejected(Rejection.DUPLICATE_MESSAGE)).isEqualTo(1.0);
  }

  @Test
  void aMessageAdvancesLastSeqAndTheSendersOwnCursors() {
    chat.createGroup("g1", "a", List.of("a", "b"), List.of());
    chat.drain();
    chat.send("g1", "a");
    chat.send("g1", "a");

    List<DeliveryState> states = chat.deliveryState.readValuesToList();
    assertThat(states).extracting(DeliveryState::getLastSeq).containsExactly(1L, 2L);
    assertThat(states.get(1).getCursors())
        .containsEntry("a", new MemberCursor(2L, 2L))
        .containsEntry("b", new MemberCursor(0L, 0L));
  }

  @Test
  void deliveriesCarryReplayStableEventIds() {
    chat.createGroup("g1", "a", List.of("a", "b"), List.of());
    chat.send("g1", "a");
    List<Delivery> first = chat.inbox.readValuesToList();
    try (ChatFixture replay = new ChatFixture()) {
      replay.createGroup("g1", "a", List.of("a", "b"), List.of());
      replay.send("g1", "a");
      assertThat(replay.inbox.readValuesToList()).extracting(Delivery::getEventId)
          .containsExactlyElementsOf(first.stream().map(Delivery::getEventId).toList());
    }
    assertThat(first.get(0).getEventId()).isNotEqualTo(first.get(1).getEventId());
  }

  private static Map<String, List<Delivery>> byRecipient(List<TestRecord<String, Delivery>> records) {
    for (TestRecord<String, Delivery> r : records) {
      assertThat(r.key()).as("inbox key is the recipient").isEqualTo(r.value().getRecipientId());
    }
    return records.stream().collect(Collectors.groupingBy(TestRecord::key, LinkedHashMap::new,
        Collectors.mapping(TestRecord::value, Collectors.toList())));
  }
}
