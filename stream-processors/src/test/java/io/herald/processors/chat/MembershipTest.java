package io.herald.processors.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.herald.events.ConversationCreated;
import io.herald.events.ConversationKind;
import io.herald.events.Delivery;
import io.herald.events.DeliveryState;
import io.herald.events.MemberCursor;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who is in a conversation, who may change that, and what each member therefore receives. */
class MembershipTest {

  private ChatFixture chat = new ChatFixture();

  @AfterEach
  void close() {
    chat.close();
  }

  @Test
  void aRemovedMemberGetsNothingAfterRemoval() {
    chat.createGroup("g1", "a", List.of("a", "b", "c"), List.of("a"));
    chat.send("g1", "b");
    chat.leave("g1", "a", "c");
    chat.send("g1", "b");

    List<Delivery> deliveries = chat.inbox.readValuesToList();
    assertThat(recipientsOf(deliveries, 1)).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(recipientsOf(deliveries, 2)).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void anAddedMemberGetsOnlyMessagesSentAfterJoining() {
    chat.createGroup("g1", "a", List.of("a", "b"), List.of("a"));
    chat.send("g1", "a");
    chat.send("g1", "b");
    chat.join("g1", "b", "c"); // any member may add
    chat.send("g1", "a");

    List<Delivery> deliveries = chat.inbox.readValuesToList();
    assertThat(deliveries).filteredOn(d -> d.getRecipientId().equals("c")).extracting(Delivery::getSeq)
        .containsExactly(3L);
    assertThat(deliveries).filteredOn(d -> d.getRecipientId().equals("a")).extracting(Delivery::getSeq)
        .containsExactly(1L, 2L, 3L);
  }

  @Test
  void aNewMembersCursorsStartAtTheirJoin() {
    chat.createGroup("g1", "a", List.of("a", "b"), List.of());
    chat.send("g1", "a");
    chat.send("g1", "a");
    chat.drain();
    chat.join("g1", "a", "c");

    DeliveryState state = chat.deliveryState.readValue();
    assertThat(state.getCursors()).containsEntry("c", new MemberCursor(2L, 2L));
  }

  @Test
  void onlyMembersMayAddAndAddingIsIdempotent() {
    chat.createGroup("g1", "a", List.of("a", "b"), List.of("a"));
    chat.join("g1", "mallory", "mallory"); // self-invite
    chat.join("g1", "mallory", "eve");
    chat.drain();
    chat.send("g1", "a");
    assertThat(chat.inbox.readValuesToList()).extracting(Delivery::getRecipientId).containsOnly("a", "b");
    assertThat(chat.rejected(Rejection.ACTOR_NOT_MEMBER)).isEqualTo(2.0);

    chat.join("g1", "a", "c");
    chat.drain();
    chat.join("g1", "b", "c"); // already a member: no change, no output
    assertThat(chat.deliveryState.isEmpty()).isTrue();
    assertThat(chat.rejected(Rejection.ALREADY_MEMBER)).isEqualTo(1.0);
  }

  @Test
  void onlyAnAdminOrTheMemberThemselfMayRemove() {
    chat.createGroup("g1", "a", List.of("a", "b", "c", "d"), List.of("a"));
    chat.leave("g1", "b", "c"); // b is not an admin
    chat.leave("g1", "mallory", "c");
    assertThat(chat.rejected(Rejection.NOT_ALLOWED)).isEqualTo(2.0);
    chat.leave("g1", "d", "d"); // self
    chat.leave("g1", "a", "b"); // admin
    chat.drain();

    chat.send("g1", "c");
    assertThat(chat.inbox.readValuesToList()).extracting(Delivery::getRecipientId).containsOnly("a", "c");
    chat.send("g1", "b"); // removed: may no longer send
    assertThat(chat.inbox.isEmpty()).isTrue();
  }

  @Test
  void anAdminWhoLeavesAndRejoinsIsNoLongerAdmin() {
    chat.createGroup("g1", "a", List.of("a", "b", "c"), List.of("a"));
    chat.leave("g1", "a", "a");
    chat.join("g1", "b", "a");
    chat.leave("g1", "a", "c");
    assertThat(chat.rejected(Rejection.NOT_ALLOWED)).isEqualTo(1.0);
  }

  @Test
  void deliveryStateCarriesKindNameAndAdmins() {
    chat.createGroup("g1", "a", List.of("a", "b"), List.of("a", "b"));
    chat.pipe("d1", "a", new ConversationCreated(ConversationKind.DIRECT, "ignored", List.of("a", "b"), List.of()));
    chat.leave("g1", "b", "b");

    List<DeliveryState> states = chat.deliveryState.readValuesToList();
    assertThat(states).extracting(DeliveryState::getConversationId, DeliveryState::getKind, DeliveryState::getName)
        .containsExactly(tuple("g1", ConversationKind.GROUP, "team"), tuple("d1", ConversationKind.DIRECT, null),
            tuple("g1", ConversationKind.GROUP, "team"));
    assertThat(states.get(0).getAdmins()).containsExactly("a", "b");
    assertThat(states.get(2).getAdmins()).containsExactly("a"); // a leaving admin loses the role
  }

  @Test
  void aRemovedMembersCursorIsDropped() {
    chat.createGroup("g1", "a", List.of("a", "b", "c"), List.of("a"));
    chat.drain();
    chat.leave("g1", "c", "c");
    assertThat(chat.deliveryState.readValue().getCursors()).containsOnlyKeys("a", "b");
  }

  @Test
  void aDirectConversationNeedsExactlyTwoDistinctMembers() {
    chat.createDirect("d1", "a", List.of("a"));
    chat.createDirect("d2", "a", List.of("a", "a"));
    chat.createDirect("d3", "a", List.of("a", "b", "c"));
    chat.send("d1", "a");
    chat.send("d2", "a");
    chat.send("d3", "a");

    assertThat(chat.inbox.isEmpty()).isTrue();
    assertThat(chat.deliveryState.isEmpty()).isTrue();
    assertThat(chat.rejected(Rejection.INVALID_MEMBERS)).isEqualTo(3.0);
    assertThat(chat.rejected(Rejection.UNKNOWN_CONVERSATION)).isEqualTo(3.0);
  }

  @Test
  void aDirectConversationsMembersAreFixed() {
    chat.createDirect("d1", "a", List.of("a", "b"));
    chat.join("d1", "a", "c");
    chat.leave("d1", "a", "a");
    chat.drain();
    chat.send("d1", "a");

    assertThat(chat.inbox.readValuesToList()).extracting(Delivery::getRecipientId).containsOnly("a", "b");
    assertThat(chat.rejected(Rejection.DIRECT_MEMBERSHIP_FIXED)).isEqualTo(2.0);
  }

  @Test
  void aSecondCreatedForTheSameIdIsIgnored() {
    chat.createDirect("d1", "a", List.of("a", "b"));
    chat.send("d1", "a");
    chat.createDirect("d1", "c", List.of("c", "d")); // a retried or raced create of the same 1:1
    chat.drain();
    chat.send("d1", "c");
    chat.send("d1", "b");

    assertThat(chat.inbox.readValuesToList()).extracting(Delivery::getRecipientId, Delivery::getSeq)
        .containsExactlyInAnyOrder(tuple("a", 2L),
            tuple("b", 2L));
    assertThat(chat.rejected(Rejection.ALREADY_EXISTS)).isEqualTo(1.0);
  }

  @Test
  void theCreatorAndEveryAdminMustBeMembers() {
    chat.createGroup("g1", "mallory", List.of("a", "b"), List.of());
    chat.createGroup("g2", "a", List.of("a", "b"), List.of("a", "z"));
    chat.createGroup("g3", "a", List.of(), List.of());
    assertThat(chat.deliveryState.isEmpty()).isTrue();
    assertThat(chat.rejected(Rejection.INVALID_MEMBERS)).isEqualTo(3.0);
  }

  @Test
  void groupsAreCappedAtMaxMembers() {
    chat.close();
    chat = new ChatFixture(new ConversationLimits(Duration.ofHours(24), 3), StreamsConfig.EXACTLY_ONCE_V2);
    chat.createGroup("big", "a", List.of("a", "b", "c", "d"), List.of());
    chat.createGroup("g1", "a", List.of("a", "b"), List.of());
    chat.join("g1", "a", "c");
    chat.join("g1", "a", "d");
    chat.drain();
    chat.send("g1", "a");

    assertThat(chat.inbox.readValuesToList()).extracting(Delivery::getRecipientId).containsOnly("a", "b", "c");
    assertThat(chat.rejected(Rejection.GROUP_FULL)).isEqualTo(2.0);
  }

  private static List<String> recipientsOf(List<Delivery> deliveries, long seq) {
    return deliveries.stream().filter(d -> d.getSeq() == seq).map(Delivery::getRecipientId).toList();
  }
}
