package io.herald.chat.readmodel;

import static io.herald.chat.support.TestEvents.delivery;
import static io.herald.chat.support.TestEvents.group;
import static io.herald.chat.support.TestEvents.id;
import static io.herald.chat.support.TestEvents.state;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.chat.projector.ReadModelFixture;
import io.herald.testkit.TestMongo;
import io.herald.events.ConversationKind;
import io.herald.testkit.WithHeraldInfra;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WithHeraldInfra
class ConversationReadModelTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private static TestMongo mongo;
  private static MongoDatabase db;
  private static ReadModelFixture fixture;
  private static ConversationReadModel readModel;

  @BeforeAll
  static void setUp() {
    mongo = new TestMongo();
    db = mongo.freshDatabase("readmodel");
    fixture = new ReadModelFixture(db);
    readModel = new ConversationReadModel(db);
  }

  @AfterAll
  static void tearDown() {
    mongo.close();
  }

  @Test
  void listsAUsersConversationsLatestFirstWithUnreadCounts() {
    String u = id("u");
    String busy = id("g");
    String quiet = id("d");
    String fresh = id("g");
    String notMine = id("g");
    // busy: 5 messages, u has read 2 → 3 unread; newest message at T0+30s.
    fixture.state(state(busy, ConversationKind.GROUP, "Busy", List.of(u), 5,
        cursors(u, 5, 2, "x", 5, 5), T0.plusSeconds(30)));
    for (int seq = 1; seq <= 5; seq++) {
      fixture.message(delivery("x", busy, seq, "x", "busy " + seq, T0.plusSeconds(25 + seq)));
    }
    // quiet: read everything; its only message at T0+10s.
    fixture.state(state(quiet, ConversationKind.DIRECT, null, List.of(), 1, cursors(u, 1, 1, "y", 1, 1), T0));
    fixture.message(delivery("y", quiet, 1, "y", "hi", T0.plusSeconds(10)));
    // fresh: created at T0+20s, no message yet; a cursor ahead of lastSeq must not give negative unread.
    fixture.state(state(fresh, ConversationKind.GROUP, "Fresh", List.of("z"), 0, cursors(u, 3, 3, "z", 0, 0),
        T0.plusSeconds(20)));
    fixture.state(group(notMine, "Not mine", "x", List.of("x", "z"), 0, T0.plusSeconds(40)));

    List<ConversationSummary> list = readModel.listForUser(u, 10).collectList().block();

    assertThat(list).extracting(ConversationSummary::conversationId).containsExactly(busy, fresh, quiet);
    assertThat(list).extracting(ConversationSummary::unread).containsExactly(3L, 0L, 0L);
    ConversationSummary first = list.get(0);
    assertThat(first.name()).isEqualTo("Busy");
    assertThat(first.lastSeq()).isEqualTo(5);
    assertThat(first.lastMessage().seq()).isEqualTo(5);
    assertThat(first.lastMessage().preview()).isEqualTo("busy 5");
    assertThat(first.updatedAt()).isEqualTo(T0.plusSeconds(30));
    assertThat(list.get(1).lastMessage()).isNull();

    assertThat(readModel.listForUser(u, 2).collectList().block()).extracting(ConversationSummary::conversationId)
        .containsExactly(busy, fresh);
  }

  @Test
  void pagesMessagesNewestFirstBeforeASeqAndOldestFirstAfterOne() {
    String c = id("g");
    fixture.state(group(c, "Paging", "a", List.of("a", "b"), 7, T0));
    for (int seq = 1; seq <= 7; seq++) {
      fixture.message(delivery("a", c, seq, "a", "m" + seq, T0.plusSeconds(seq)));
    }

    ConversationReadModel.MessagePage latest = readModel.messagesBefore(c, null, 7, 3).block();
    assertThat(seqs(latest.messages())).containsExactly(7L, 6L, 5L);
    assertThat(latest.nextBefore()).isEqualTo(5L);
    ConversationReadModel.MessagePage older = readModel.messagesBefore(c, 5L, 7, 3).block();
    assertThat(seqs(older.messages())).containsExactly(4L, 3L, 2L);
    assertThat(older.nextBefore()).isEqualTo(2L);
    ConversationReadModel.MessagePage oldest = readModel.messagesBefore(c, 2L, 7, 3).block();
    assertThat(seqs(oldest.messages())).containsExactly(1L);
    assertThat(oldest.nextBefore()).isNull();
    assertThat(readModel.messagesBefore(c, 1L, 7, 3).block().messages()).isEmpty();
    ConversationReadModel.MessagePage farAbove = readModel.messagesBefore(c, Long.MAX_VALUE, 7, 3).block();
    assertThat(seqs(farAbove.messages())).as("a before beyond every seq is the latest page").containsExactly(7L, 6L, 5L);
    assertThat(farAbove.nextBefore()).isEqualTo(5L);
    assertThat(seqs(readModel.messagesAfter(c, 3, 2).collectList().block())).containsExactly(4L, 5L);
    assertThat(readModel.messagesAfter(c, 7, 10).collectList().block()).isEmpty();

    MessageDoc m = readModel.messagesAfter(c, 0, 1).blockFirst();
    assertThat(m).isEqualTo(new MessageDoc(c, 1, "m-" + c + "-1", "c-1", "a", "text/plain", "m1", T0.plusSeconds(1)));
  }

  @Test
  void aHistoryPageIsTheWindowOfSeqsItAsksFor() {
    String c = id("g");
    // the state says 5, the projector has stored 7 already (messages go first); seq 3 never arrived
    fixture.state(group(c, "Window", "a", List.of("a", "b"), 5, T0));
    for (int seq = 1; seq <= 7; seq++) {
      if (seq != 3) {
        fixture.message(delivery("a", c, seq, "a", "m" + seq, T0.plusSeconds(seq)));
      }
    }
    String other = id("g"); // another conversation's messages are not in the window
    fixture.state(group(other, "Other", "a", List.of("a"), 9, T0));
    for (int seq = 1; seq <= 9; seq++) {
      fixture.message(delivery("a", other, seq, "a", "o" + seq, T0.plusSeconds(seq)));
    }

    ConversationReadModel.MessagePage latest = readModel.messagesBefore(c, null, 5, 3).block();
    assertThat(seqs(latest.messages())).as("beyond the state's lastSeq").containsExactly(7L, 6L, 5L);
    ConversationReadModel.MessagePage holed = readModel.messagesBefore(c, 5L, 5, 3).block();
    assertThat(seqs(holed.messages())).containsExactly(4L, 2L);
    assertThat(holed.nextBefore()).as("a hole is not the end").isEqualTo(2L);
    ConversationReadModel.MessagePage last = readModel.messagesBefore(c, 2L, 5, 3).block();
    assertThat(seqs(last.messages())).containsExactly(1L);
    assertThat(last.nextBefore()).isNull();
    assertThat(readModel.messagesBefore(c, null, 0, 3).block().messages()).as("a stale state still shows stored messages")
        .extracting(MessageDoc::seq).containsExactly(2L, 1L);
  }

  @Test
  void twoUsersShareAConversationOnlyWhileBothAreMembers() {
    String ann = id("u");
    String bob = id("u");
    String cam = id("u");
    String dm = id("d");
    String group = id("g");
    fixture.state(state(dm, ConversationKind.DIRECT, null, List.of(ann, bob), 0, cursors(ann, 0, 0, bob, 0, 0), T0));
    fixture.state(group(group, "Club", cam, List.of(cam, bob), 0, T0));

    assertThat(readModel.shareAConversation(ann, bob).block()).isTrue();
    assertThat(readModel.shareAConversation(bob, ann).block()).isTrue();
    assertThat(readModel.shareAConversation(cam, bob).block()).isTrue();
    assertThat(readModel.shareAConversation(ann, cam).block()).as("both know bob, not each other").isFalse();
    assertThat(readModel.shareAConversation(ann, id("u")).block()).as("a stranger").isFalse();

    // cam leaves the group; the membership index may still list it (a superset), the members decide
    fixture.state(group(group, "Club", bob, List.of(bob), 0, T0.plusSeconds(1)));
    new Memberships(db).add(group, List.of(cam)).block();
    assertThat(readModel.shareAConversation(cam, bob).block()).isFalse();
  }

  @Test
  void pageSizesAreClampedToTheLimit() {
    String c = id("g");
    fixture.state(group(c, "Clamp", "a", List.of("a"), 5, T0));
    for (int seq = 1; seq <= 5; seq++) {
      fixture.message(delivery("a", c, seq, "a", "m" + seq, T0.plusSeconds(seq)));
    }
    ConversationReadModel small = new ConversationReadModel(db, new ReadModelLimits(3, 10, 10));

    assertThat(small.messagesBefore(c, null, 5, 1000).block().messages()).hasSize(3);
    assertThat(small.messagesAfter(c, 0, 0).collectList().block()).hasSize(1);
  }

  @Test
  void catchUpPositionsCarryTheUsersDeliveredCursor() {
    String u = id("u");
    String c1 = id("g");
    String c2 = id("g");
    fixture.state(state(c1, ConversationKind.GROUP, "One", List.of(u), 9, cursors(u, 6, 4, "v", 9, 9), T0));
    fixture.state(state(c2, ConversationKind.GROUP, "Two", List.of(u), 2, cursors(u, 2, 0), T0));

    assertThat(readModel.conversationsOf(u).collectList().block())
        .containsExactlyInAnyOrder(new CatchUpPosition(c1, 9, 6), new CatchUpPosition(c2, 2, 2));
  }

  @Test
  void contactsAreTheDistinctOtherMembersAndBounded() {
    String u = id("u");
    String a = id("a");
    String b = id("b");
    String c = id("c");
    fixture.state(group(id("g"), "G1", u, List.of(u, a, b), 0, T0.plusSeconds(2)));
    fixture.state(group(id("g"), "G2", u, List.of(u, b, c), 0, T0.plusSeconds(1)));
    fixture.state(group(id("g"), "Other", a, List.of(a, id("stranger")), 0, T0));

    assertThat(readModel.contactsOf(u).collectList().block()).containsExactlyInAnyOrder(a, b, c);
    assertThat(new ConversationReadModel(db, new ReadModelLimits(10, 10, 2)).contactsOf(u).collectList().block())
        .hasSize(2).doesNotContain(u);
  }

  @Test
  void membershipAndLookupSeeOnlyProjectedState() {
    String c = id("g");
    String orphan = id("g");
    fixture.state(group(c, "Members", "a", List.of("a", "b"), 0, T0));
    // A message copy can arrive before the conversation's state: that half document is not a conversation yet.
    fixture.message(delivery("a", orphan, 1, "a", "early", T0));

    assertThat(readModel.isMember(c, "a").block()).isTrue();
    assertThat(readModel.isMember(c, "nobody").block()).isFalse();
    assertThat(readModel.isMember(id("missing"), "a").block()).isFalse();
    ConversationDoc doc = readModel.findConversation(c).block();
    assertThat(doc.kind()).isEqualTo(ConversationKind.GROUP);
    assertThat(doc.admins()).containsExactly("a");
    assertThat(doc.members()).containsExactly("a", "b");
    assertThat(readModel.findConversation(orphan).blockOptional()).isEmpty();
  }

  @Test
  void aUserLeavesAndTheConversationLeavesTheirListsAndATombstoneRemovesItForEveryone() {
    String u = id("u");
    String other = id("o");
    String stays = id("g");
    String left = id("g");
    String deleted = id("g");
    fixture.state(group(stays, "Stays", other, List.of(other, u), 0, T0));
    fixture.state(group(left, "Left", other, List.of(other, u), 0, T0.plusSeconds(1)));
    fixture.state(group(deleted, "Deleted", other, List.of(other, u), 0, T0.plusSeconds(2)));
    assertThat(readModel.listForUser(u, 10).collectList().block()).extracting(ConversationSummary::conversationId)
        .containsExactly(deleted, left, stays);

    fixture.state(group(left, "Left", other, List.of(other), 0, T0.plusSeconds(3)));  // u removed
    fixture.delete(deleted);

    assertThat(readModel.listForUser(u, 10).collectList().block()).extracting(ConversationSummary::conversationId)
        .containsExactly(stays);
    assertThat(readModel.conversationsOf(u).collectList().block()).extracting(CatchUpPosition::conversationId)
        .containsExactly(stays);
    assertThat(readModel.isMember(left, u).block()).isFalse();
    assertThat(readModel.listForUser(other, 10).collectList().block()).extracting(ConversationSummary::conversationId)
        .containsExactly(left, stays);
    assertThat(TestMongo.all(db, ChatCollections.MEMBERSHIPS, new org.bson.Document("_id", u)))
        .singleElement().satisfies(d -> assertThat(d.getList("conversations", String.class)).containsExactly(stays));
  }

  @Test
  void aReadModelWrittenBeforeTheMembershipsIndexIsIndexedOnceAtStart() {
    MongoDatabase old = mongo.freshDatabase("readmodel-old");
    ReadModelFixture oldFixture = new ReadModelFixture(old);
    String u = id("u");
    String c = id("g");
    oldFixture.state(group(c, "Old", u, List.of(u, "v"), 0, T0));
    reactor.core.publisher.Mono.from(old.getCollection(ChatCollections.MEMBERSHIPS).drop()).block();
    ConversationReadModel oldModel = new ConversationReadModel(old);
    assertThat(oldModel.listForUser(u, 10).collectList().block()).isEmpty();

    Memberships.backfillOnce(old).block();

    assertThat(oldModel.listForUser(u, 10).collectList().block()).extracting(ConversationSummary::conversationId)
        .containsExactly(c);
    assertThat(oldModel.contactsOf(u).collectList().block()).containsExactly("v");
  }

  private static Map<String, long[]> cursors(Object... userDeliveredRead) {
    Map<String, long[]> out = new LinkedHashMap<>();
    for (int i = 0; i < userDeliveredRead.length; i += 3) {
      out.put((String) userDeliveredRead[i], new long[] {((Number) userDeliveredRead[i + 1]).longValue(),
          ((Number) userDeliveredRead[i + 2]).longValue()});
    }
    return out;
  }

  private static List<Long> seqs(List<MessageDoc> messages) {
    return messages.stream().map(MessageDoc::seq).toList();
  }
}
