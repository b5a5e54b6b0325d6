package io.herald.chat.commands;

import static io.herald.chat.support.TestEvents.group;
import static io.herald.chat.support.TestEvents.id;
import static io.herald.chat.support.TestEvents.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.chat.support.KeyedLog;
import io.herald.events.ConversationCreated;
import io.herald.events.ConversationEvent;
import io.herald.events.ConversationKind;
import io.herald.events.MemberJoined;
import io.herald.events.MemberLeft;
import io.herald.events.Receipt;
import io.herald.events.ReceiptKind;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.WithHeraldInfra;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WithHeraldInfra
class ChatCommandsMembershipTest {

  private static CommandsHarness h;

  @BeforeAll
  static void setUp() {
    h = new CommandsHarness("commands_membership");
  }

  @AfterAll
  static void tearDown() {
    h.close();
  }

  @Test
  void directIdsAreDeterministicAndSymmetric() {
    String id = ConversationIds.direct("alice", "bob");
    assertThat(id).isEqualTo(ConversationIds.direct("bob", "alice")).startsWith("d_").hasSize(26);
    assertThat(id.substring(2)).matches("[0-9a-f]{24}");
    assertThat(ConversationIds.direct("alice", "carol")).isNotEqualTo(id);
    // The separator keeps pairs apart that would concatenate alike.
    assertThat(ConversationIds.direct("ab", "c")).isNotEqualTo(ConversationIds.direct("a", "bc"));
  }

  @Test
  void createDirectProducesOnceAndThenAnswersFromTheReadModel() {
    String a = id("a");
    String b = id("b");
    String expectedId = ConversationIds.direct(a, b);
    KeyedLog log = KeyedLog.mark(Topics.CONVERSATIONS);

    CreateResult first = h.commands.createDirect(a, b).block();

    assertThat(first).isEqualTo(new CreateResult(expectedId, ConversationKind.DIRECT, true));
    List<ConversationEvent> events = log.valuesFor(Topics.CONVERSATIONS, expectedId);
    assertThat(events).hasSize(1);
    ConversationEvent e = events.get(0);
    assertThat(e.getActorId()).isEqualTo(a);
    ConversationCreated created = (ConversationCreated) e.getPayload();
    assertThat(created.getKind()).isEqualTo(ConversationKind.DIRECT);
    assertThat(created.getMembers()).containsExactlyElementsOf(a.compareTo(b) < 0 ? List.of(a, b) : List.of(b, a));
    assertThat(created.getAdmins()).isEmpty();

    // The topology accepted it and the projector caught up: the second create (by the other user) produces nothing.
    h.fixture.state(state(expectedId, ConversationKind.DIRECT, null, List.of(),
        0, Map.of(a, new long[] {0, 0}, b, new long[] {0, 0}), Instant.now()));
    KeyedLog again = KeyedLog.mark(Topics.CONVERSATIONS);
    assertThat(h.commands.createDirect(b, a).block()).isEqualTo(new CreateResult(expectedId, ConversationKind.DIRECT, false));
    assertThat(again.valuesFor(Topics.CONVERSATIONS, expectedId)).isEmpty();
  }

  @Test
  void createGroupMakesTheActorAdminAndFirstMember() {
    String a = id("a");
    String b = id("b");
    String c = id("c");
    KeyedLog log = KeyedLog.mark(Topics.CONVERSATIONS);

    CreateResult result = h.commands.createGroup(a, "  Book club ", List.of(b, c, b, a)).block();

    assertThat(result.kind()).isEqualTo(ConversationKind.GROUP);
    assertThat(result.created()).isTrue();
    assertThat(result.conversationId()).startsWith("g_");
    List<ConversationEvent> events = log.valuesFor(Topics.CONVERSATIONS, result.conversationId());
    assertThat(events).hasSize(1);
    ConversationCreated created = (ConversationCreated) events.get(0).getPayload();
    assertThat(created.getName()).isEqualTo("Book club");
    assertThat(created.getMembers()).containsExactly(a, b, c);
    assertThat(created.getAdmins()).containsExactly(a);
    assertThat(events.get(0).getConversationId()).isEqualTo(result.conversationId());
  }

  @Test
  void onlyMembersAddMembers() {
    String admin = id("admin");
    String member = id("member");
    String outsider = id("outsider");
    String newcomer = id("new");
    String g = id("g");
    h.fixture.state(group(g, "G", admin, List.of(admin, member), 0, Instant.now()));
    KeyedLog log = KeyedLog.mark(Topics.CONVERSATIONS);

    assertThatThrownBy(() -> h.commands.addMember(outsider, g, newcomer).block())
        .isInstanceOf(ChatForbiddenException.class);
    assertThat(h.commands.addMember(member, g, newcomer).block()).isEqualTo(new MembershipResult(g, newcomer, true));
    assertThat(h.commands.addMember(member, g, admin).block()).isEqualTo(new MembershipResult(g, admin, false));
    assertThatThrownBy(() -> h.commands.addMember(member, id("g"), newcomer).block())
        .isInstanceOf(ConversationNotFoundException.class);

    List<ConversationEvent> events = log.valuesFor(Topics.CONVERSATIONS, g);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).getActorId()).isEqualTo(member);
    assertThat(((MemberJoined) events.get(0).getPayload()).getUserId()).isEqualTo(newcomer);
  }

  @Test
  void adminsRemoveAnyoneAndMembersOnlyThemselves() {
    String admin = id("admin");
    String m1 = id("m1");
    String m2 = id("m2");
    String g = id("g");
    h.fixture.state(group(g, "G", admin, List.of(admin, m1, m2), 0, Instant.now()));
    KeyedLog log = KeyedLog.mark(Topics.CONVERSATIONS);

    assertThatThrownBy(() -> h.commands.removeMember(m1, g, m2).block()).isInstanceOf(ChatForbiddenException.class);
    assertThatThrownBy(() -> h.commands.removeMember(id("outsider"), g, m2).block())
        .isInstanceOf(ChatForbiddenException.class);
    assertThat(h.commands.removeMember(m1, g, m1).block()).isEqualTo(new MembershipResult(g, m1, true));
    assertThat(h.commands.removeMember(admin, g, m2).block()).isEqualTo(new MembershipResult(g, m2, true));
    assertThat(h.commands.removeMember(admin, g, id("never")).block().changed()).isFalse();

    List<ConversationEvent> events = log.valuesFor(Topics.CONVERSATIONS, g);
    assertThat(events).extracting(e -> e.getActorId() + " removed " + ((MemberLeft) e.getPayload()).getUserId())
        .containsExactly(m1 + " removed " + m1, admin + " removed " + m2);
  }

  @Test
  void directConversationsHaveFixedMembers() {
    String a = id("a");
    String b = id("b");
    String d = ConversationIds.direct(a, b);
    h.fixture.state(state(d, ConversationKind.DIRECT, null, List.of(), 0,
        Map.of(a, new long[] {0, 0}, b, new long[] {0, 0}), Instant.now()));

    assertThatThrownBy(() -> h.commands.addMember(a, d, id("c")).block())
        .isInstanceOfSatisfying(ChatValidationException.class, e -> assertThat(e.field()).isEqualTo("conversationId"));
    assertThatThrownBy(() -> h.commands.removeMember(a, d, a).block())
        .isInstanceOfSatisfying(ChatValidationException.class, e -> assertThat(e.field()).isEqualTo("conversationId"));
  }

  @Test
  void receiptsAreForMembersOnly() {
    String a = id("a");
    String g = id("g");
    h.fixture.state(group(g, "G", a, List.of(a, id("b")), 7, Instant.now()));
    KeyedLog log = KeyedLog.mark(Topics.RECEIPTS);

    assertThatThrownBy(() -> h.commands.receipt(id("outsider"), "dev", g, ReceiptKind.READ, 3).block())
        .isInstanceOf(ChatForbiddenException.class);
    ReceiptResult r = h.commands.receipt(a, "phone-1", g, ReceiptKind.READ, 5).block();

    assertThat(r.upToSeq()).isEqualTo(5);
    List<Receipt> receipts = log.valuesFor(Topics.RECEIPTS, g);
    assertThat(receipts).hasSize(1);
    Receipt receipt = receipts.get(0);
    assertThat(receipt.getUserId()).isEqualTo(a);
    assertThat(receipt.getDeviceId()).isEqualTo("phone-1");
    assertThat(receipt.getKind()).isEqualTo(ReceiptKind.READ);
    assertThat(receipt.getUpToSeq()).isEqualTo(5);
    assertThat(receipt.getConversationId()).isEqualTo(g);
  }

  @Test
  void validationErrorsNameTheField() {
    String a = id("a");
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      tooMany.add("user" + i);
    }
    assertField("otherUserId", () -> h.commands.createDirect(a, a).block());
    assertField("otherUserId", () -> h.commands.createDirect(a, "bad.id").block());
    assertField("actor", () -> h.commands.createDirect("", "b").block());
    assertField("name", () -> h.commands.createGroup(a, "x".repeat(101), List.of()).block());
    assertField("name", () -> h.commands.createGroup(a, "   ", List.of()).block());
    assertField("members", () -> h.commands.createGroup(a, "Big", tooMany).block());  // 256 + the actor
    assertField("members", () -> h.commands.createGroup(a, "Bad", List.of("$where")).block());
    assertField("conversationId", () -> h.commands.addMember(a, "a.b", "c").block());
    assertField("userId", () -> h.commands.removeMember(a, "g_1", "x|y").block());
    assertField("upToSeq", () -> h.commands.receipt(a, null, "g_1", ReceiptKind.DELIVERED, -1).block());
    assertField("kind", () -> h.commands.receipt(a, null, "g_1", null, 1).block());
    assertField("deviceId", () -> h.commands.receipt(a, "d".repeat(129), "g_1", ReceiptKind.READ, 1).block());
    // At the limit is fine: validation passes and the next check (the read model) answers.
    assertThatThrownBy(() -> h.commands.addMember(a, "g_" + "x".repeat(126), "c").block())
        .isInstanceOf(ConversationNotFoundException.class);
  }

  static void assertField(String field, Runnable command) {
    assertThatThrownBy(command::run)
        .isInstanceOfSatisfying(ChatValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
