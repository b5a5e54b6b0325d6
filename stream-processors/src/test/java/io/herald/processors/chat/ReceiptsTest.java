package io.herald.processors.chat;

import static io.herald.events.ReceiptKind.DELIVERED;
import static io.herald.events.ReceiptKind.READ;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.events.DeliveryState;
import io.herald.events.MemberCursor;
import io.herald.events.Receipt;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Receipts move per-member cursors forward only, within what was sent, and only for members. */
class ReceiptsTest {

  private final ChatFixture chat = new ChatFixture();

  @BeforeEach
  void threeMessagesInAGroup() {
    chat.createGroup("g1", "a", List.of("a", "b", "c"), List.of("a"));
    for (int i = 0; i < 3; i++) {
      chat.send("g1", "a");
    }
    chat.drain();
  }

  @AfterEach
  void close() {
    chat.close();
  }

  @Test
  void deliveryStateReflectsEveryMembersCursors() {
    chat.receipt("g1", "b", DELIVERED, 3);
    chat.receipt("g1", "b", READ, 2);
    chat.receipt("g1", "c", DELIVERED, 1);

    List<DeliveryState> states = chat.deliveryState.readValuesToList();
    assertThat(states).hasSize(3);
    DeliveryState last = states.get(2);
    assertThat(last.getConversationId()).isEqualTo("g1");
    assertThat(last.getLastSeq()).isEqualTo(3L);
    assertThat(last.getCursors()).isEqualTo(Map.of(
        "a", new MemberCursor(3L, 3L),
        "b", new MemberCursor(3L, 2L),
        "c", new MemberCursor(1L, 0L)));
  }

  @Test
  void cursorsNeverMoveBackAndStaleReceiptsEmitNothing() {
    chat.receipt("g1", "b", READ, 3);
    chat.receipt("g1", "b", READ, 1);
    chat.receipt("g1", "b", DELIVERED, 2);

    List<DeliveryState> states = chat.deliveryState.readValuesToList();
    assertThat(states).hasSize(1);
    assertThat(states.get(0).getCursors()).containsEntry("b", new MemberCursor(3L, 3L));
    assertThat(chat.rejected(Rejection.STALE_RECEIPT)).isEqualTo(2.0);
  }

  @Test
  void cursorsAreClampedToTheLastSequenceNumber() {
    chat.receipt("g1", "b", DELIVERED, 99);
    chat.receipt("g1", "c", READ, 1_000_000);
    chat.receipt("g1", "c", DELIVERED, -5);

    List<DeliveryState> states = chat.deliveryState.readValuesToList();
    assertThat(states).hasSize(2);
    assertThat(states.get(1).getCursors())
        .containsEntry("b", new MemberCursor(3L, 0L))
        .containsEntry("c", new MemberCursor(3L, 3L));
  }

  @Test
  void readingImpliesDelivery() {
    chat.receipt("g1", "b", READ, 2);
    assertThat(chat.deliveryState.readValue().getCursors()).containsEntry("b", new MemberCursor(2L, 2L));
  }

  @Test
  void receiptsFromNonMembersOrForUnknownConversationsAreIgnored() {
    chat.receipt("g1", "mallory", READ, 3);
    chat.receipt("nowhere", "b", READ, 3);
    chat.leave("g1", "c", "c");
    chat.drain();
    chat.receipt("g1", "c", READ, 3); // removed members no longer move cursors

    assertThat(chat.deliveryState.isEmpty()).isTrue();
    assertThat(chat.rejected(Rejection.NOT_A_MEMBER)).isEqualTo(2.0);
    assertThat(chat.rejected(Rejection.UNKNOWN_CONVERSATION)).isEqualTo(1.0);
  }

  @Test
  void aReceiptWhoseKeyDisagreesWithItsConversationIsRejected() {
    chat.receipts.pipeInput("g2", new Receipt(UUID.randomUUID(), ChatFixture.START, "g1", "b", null, READ, 3L));
    assertThat(chat.deliveryState.isEmpty()).isTrue();
    assertThat(chat.rejected(Rejection.MALFORMED)).isEqualTo(1.0);
  }
}
