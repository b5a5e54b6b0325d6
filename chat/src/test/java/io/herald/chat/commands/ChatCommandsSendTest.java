package io.herald.chat.commands;

import static io.herald.chat.commands.ChatCommandsMembershipTest.assertField;
import static io.herald.chat.support.TestEvents.group;
import static io.herald.chat.support.TestEvents.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.chat.readmodel.ChatCollections;
import io.herald.chat.support.KeyedLog;
import io.herald.testkit.TestMongo;
import io.herald.events.ConversationEvent;
import io.herald.events.MessageSent;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.WithHeraldInfra;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.TimeoutException;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

@WithHeraldInfra
class ChatCommandsSendTest {

  private static CommandsHarness h;

  @BeforeAll
  static void setUp() {
    h = new CommandsHarness("commands_send");
  }

  @AfterAll
  static void tearDown() {
    h.close();
  }

  @Test
  void aMemberSendsAMessageEvent() {
    String a = id("a");
    String g = newGroup(a);
    KeyedLog log = KeyedLog.mark(Topics.CONVERSATIONS);

    SendResult r = h.commands.send(a, "phone", g, "c-1", "application/json", "{\"x\":1}").block();

    assertThat(r.replayed()).isFalse();
    assertThat(r.conversationId()).isEqualTo(g);
    assertThat(r.clientMsgId()).isEqualTo("c-1");
    List<KeyedLog.Entry<ConversationEvent>> records = log.entriesFor(Topics.CONVERSATIONS, g);
    assertThat(records).hasSize(1);
    ConversationEvent e = records.get(0).value();
    assertThat(e.getActorId()).isEqualTo(a);
    assertThat(e.getOccurredAt()).isEqualTo(h.clock.instant().truncatedTo(ChronoUnit.MILLIS));
    assertThat(records.get(0).timestamp()).isEqualTo(e.getOccurredAt().toEpochMilli());
    MessageSent sent = (MessageSent) e.getPayload();
    assertThat(sent.getMessageId()).isEqualTo(r.messageId());
    assertThat(sent.getClientMsgId()).isEqualTo("c-1");
    assertThat(sent.getSenderDeviceId()).isEqualTo("phone");
    assertThat(sent.getContentType()).isEqualTo("application/json");
    assertThat(sent.getBody()).isEqualTo("{\"x\":1}");
  }

  @Test
  void aNonMemberIsForbiddenAndNothingIsProduced() {
    String a = id("a");
    String g = newGroup(a);
    KeyedLog log = KeyedLog.mark(Topics.CONVERSATIONS);

    assertThatThrownBy(() -> h.commands.send(id("outsider"), null, g, "c-1", "text/plain", "let me in").block())
        .isInstanceOf(ChatForbiddenException.class);
    assertThatThrownBy(() -> h.commands.send(a, null, id("g"), "c-1", "text/plain", "nowhere").block())
        .isInstanceOf(ConversationNotFoundException.class);

    assertThat(log.valuesFor(Topics.CONVERSATIONS, g)).isEmpty();
  }

  @Test
  void aRetriedSendGetsTheSameAnswerAndProducesOnce() {
    String a = id("a");
    String g = newGroup(a);
    KeyedLog log = KeyedLog.mark(Topics.CONVERSATIONS);

    SendResult first = h.commands.send(a, "phone", g, "retry-me", "text/plain", "once").block();
    SendResult retry = h.commands.send(a, "tablet", g, "retry-me", "text/plain", "once").block();

    assertThat(retry).isEqualTo(new SendResult(first.messageId(), g, "retry-me", first.partition(), first.offset(), true));
    assertThat(log.valuesFor(Topics.CONVERSATIONS, g)).hasSize(1);
    // Another user's identical clientMsgId is a different send.
    String b = id("b");
    h.fixture.state(group(g, "G", a, List.of(a, b), 1, Instant.now()));
    assertThat(h.commands.send(b, null, g, "retry-me", "text/plain", "once").block().messageId())
        .isNotEqualTo(first.messageId());
  }

  @Test
  void concurrentDuplicatesProduceOneMessage() {
    String a = id("a");
    String g = newGroup(a);
    KeyedLog log = KeyedLog.mark(Topics.CONVERSATIONS);

    List<Object> answers = Flux.range(0, 8)
        .flatMap(i -> h.commands.send(a, null, g, "burst", "text/plain", "same").<Object>map(r -> r)
            .onErrorResume(ChatConflictException.class, Mono::just)
            .subscribeOn(Schedulers.parallel()))
        .collectList().block();

    assertThat(log.valuesFor(Topics.CONVERSATIONS, g)).hasSize(1);
    assertThat(answers).hasSize(8).filteredOn(SendResult.class::isInstance)
        .extracting(r -> ((SendResult) r).messageId()).containsOnly(sentMessageId(a, g, "burst"));
  }

  @Test
  void aClientMsgIdReusedForOtherContentIsRefused() {
    String a = id("a");
    String g = newGroup(a);
    h.commands.send(a, null, g, "dup", "text/plain", "first").block();

    assertField("clientMsgId", () -> h.commands.send(a, null, g, "dup", "text/plain", "second").block());
  }

  @Test
  void aFailedProduceFreesTheClientMsgIdForARetry() {
    String a = id("a");
    String g = newGroup(a);
    AtomicInteger attempts = new AtomicInteger();
    ChatCommands flaky = h.with(record -> attempts.incrementAndGet() == 1
        ? Mono.error(new TimeoutException("broker unavailable"))
        : h.sender.send(record), CommandsHarness.LIMITS);
    KeyedLog log = KeyedLog.mark(Topics.CONVERSATIONS);

    assertThatThrownBy(() -> flaky.send(a, null, g, "flaky", "text/plain", "hi").block())
        .isInstanceOf(TimeoutException.class);
    SendResult retry = flaky.send(a, null, g, "flaky", "text/plain", "hi").block();

    assertThat(retry.replayed()).isFalse();
    assertThat(log.valuesFor(Topics.CONVERSATIONS, g)).hasSize(1);
  }

  @Test
  void anAbandonedSendIsTakenOverAfterTheLeaseWithTheSameMessageId() {
    String a = id("a");
    String g = newGroup(a);
    // The first attempt's produce never answers (e.g. the instance died): its reservation stays pending.
    ChatCommands hanging = h.with(record -> Mono.never(), CommandsHarness.LIMITS);
    hanging.send(a, null, g, "orphan", "text/plain", "hi").timeout(Duration.ofMillis(300))
        .onErrorResume(java.util.concurrent.TimeoutException.class, e -> Mono.empty()).block();
    String reserved = sentMessageId(a, g, "orphan");

    assertThatThrownBy(() -> h.commands.send(a, null, g, "orphan", "text/plain", "hi").block())
        .isInstanceOf(ChatConflictException.class);
    h.clock.advance(CommandsHarness.LIMITS.sendLease().plusSeconds(1));
    KeyedLog log = KeyedLog.mark(Topics.CONVERSATIONS);
    SendResult taken = h.commands.send(a, null, g, "orphan", "text/plain", "hi").block();

    assertThat(taken.messageId()).isEqualTo(reserved);
    assertThat(taken.replayed()).isFalse();
    assertThat(log.valuesFor(Topics.CONVERSATIONS, g)).extracting(e -> ((MessageSent) e.getPayload()).getMessageId())
        .containsExactly(reserved);
    assertThat(h.commands.send(a, null, g, "orphan", "text/plain", "hi").block().replayed()).isTrue();
  }

  @Test
  void aSendRightAfterTheGroupAppearsIsAcceptedWithinTheGrace() {
    String a = id("a");
    String g = id("g");
    ChatCommands patient = h.with(h.sender, ChatLimits.DEFAULTS.withReadModelGrace(Duration.ofSeconds(2)));
    // The projector writes the new group's state a moment after the send was issued.
    CompletableFuture.runAsync(() -> h.fixture.state(group(g, "G", a, List.of(a), 0, Instant.now())),
        CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));

    assertThat(patient.send(a, null, g, "early", "text/plain", "first!").block().replayed()).isFalse();
  }

  @Test
  void sendValidationErrorsNameTheField() {
    String a = id("a");
    String g = "g_x";
    assertField("body", () -> h.commands.send(a, null, g, "c", "text/plain", "x".repeat(4097)).block());
    assertField("body", () -> h.commands.send(a, null, g, "c", "text/plain", "€".repeat(1366)).block());  // 4098 bytes
    assertField("body", () -> h.commands.send(a, null, g, "c", "text/plain", "").block());
    assertField("contentType", () -> h.commands.send(a, null, g, "c", "text/html", "<b>").block());
    assertField("clientMsgId", () -> h.commands.send(a, null, g, "", "text/plain", "hi").block());
    assertField("clientMsgId", () -> h.commands.send(a, null, g, "c".repeat(65), "text/plain", "hi").block());
    assertField("conversationId", () -> h.commands.send(a, null, null, "c", "text/plain", "hi").block());
    // Exactly at the limits passes validation (and then meets the read model: no such conversation).
    assertThatThrownBy(() -> h.commands.send(a, null, g, "c".repeat(64), "text/plain", "€".repeat(1365)).block())
        .isInstanceOf(ConversationNotFoundException.class);
  }

  @Test
  void theMembershipCacheAnswersMembersWithoutTheReadModelAndNonMembersAreReChecked() {
    MembershipCache cache = new MembershipCache(100);
    ChatCommands cached = new ChatCommands(h.sender, h.readModel, cache, h.db, h.clock, CommandsHarness.LIMITS);
    String a = id("a");
    String b = id("b");
    String onlyOnTheTopic = id("g"); // the read model never heard of it
    cache.accept(group(onlyOnTheTopic, "G", a, List.of(a), 1, Instant.now()));
    assertThat(cached.send(a, null, onlyOnTheTopic, "c-1", "text/plain", "fast").block().replayed()).isFalse();

    String g = newGroup(a);
    cache.accept(group(g, "G", a, List.of(a), 0, Instant.now()));
    h.fixture.state(group(g, "G", a, List.of(a, b), 1, Instant.now())); // b joined; the cache missed it
    assertThat(cached.send(b, null, g, "c-1", "text/plain", "let me in").block().replayed()).isFalse();
    assertThat(cache.get(g).isMember(b)).as("the newer read-model state replaced the entry").isTrue();
    assertThatThrownBy(() -> cached.send(id("outsider"), null, g, "c-2", "text/plain", "no").block())
        .isInstanceOf(ChatForbiddenException.class);
  }

  @Test
  void fromMemoryARetryIsReplayedConcurrentDuplicatesProduceOnceAndOtherContentIsRefused() {
    ChatCommands gateway = new ChatCommands(h.sender, h.readModel, new MembershipCache(100), new RecentSends(100), h.db,
        h.clock, CommandsHarness.LIMITS);
    String a = id("a");
    String g = newGroup(a);
    KeyedLog log = KeyedLog.mark(Topics.CONVERSATIONS);

    List<SendResult> burst = Flux.range(0, 8)
        .flatMap(i -> gateway.send(a, null, g, "m-1", "text/plain", "once").subscribeOn(Schedulers.parallel()))
        .collectList().block();
    assertThat(burst).extracting(SendResult::messageId).containsOnly(burst.get(0).messageId());
    assertThat(burst).filteredOn(r -> !r.replayed()).hasSize(1);
    assertThat(log.valuesFor(Topics.CONVERSATIONS, g)).hasSize(1);
    assertField("clientMsgId", () -> gateway.send(a, null, g, "m-1", "text/plain", "other").block());

    // The record is written after the answer: a durable retry (the HTTP path) then replays it.
    String id = burst.get(0).messageId();
    io.herald.testkit.Await.until("the send record", () -> TestMongo.all(h.db, ChatCollections.SENDS,
        new Document("_id", a + "|" + g + "|m-1")).size(), n -> n == 1);
    SendResult http = h.commands.send(a, null, g, "m-1", "text/plain", "once").block();
    assertThat(http.replayed()).isTrue();
    assertThat(http.messageId()).isEqualTo(id);

    // Another instance that never saw it: the same message id (the topology drops the repeat).
    ChatCommands other = new ChatCommands(h.sender, h.readModel, new MembershipCache(100), new RecentSends(100), h.db,
        h.clock, CommandsHarness.LIMITS);
    assertThat(other.send(a, null, g, "m-1", "text/plain", "once").block().messageId()).isEqualTo(id);
  }

  private static String newGroup(String admin) {
    String g = id("g");
    h.fixture.state(group(g, "G", admin, List.of(admin), 0, Instant.now()));
    return g;
  }

  private static String sentMessageId(String actor, String conversationId, String clientMsgId) {
    List<Document> docs = TestMongo.all(h.db, ChatCollections.SENDS,
        new Document("_id", actor + "|" + conversationId + "|" + clientMsgId));
    assertThat(docs).hasSize(1);
    return docs.get(0).getString("messageId");
  }
}
