package io.herald.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/** The per-conversation de-dup and gap logic, against an in-memory read model. */
class SequencerTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final FakeHistory history = new FakeHistory("alice", 100);

  private Sequencer sequencer(int page, int retries) {
    return new Sequencer("alice", history, new FrameWriter(JSON), new SeqTracker(100), page, retries,
        Duration.ofMillis(5), new ChatMetrics(meters));
  }

  @Test
  void catchUpStartsAfterTheResumeSeqOrElseTheDeliveredCursorPagingInOrder() {
    history.conversation("a", 12, 3).messages("a", 1, 12).conversation("b", 4, 2).messages("b", 1, 4)
        .conversation("c", 5, 5).messages("c", 1, 5);
    Sequencer s = sequencer(5, 0);
    s.resumeFrom(Map.of("a", 0L));

    List<String> got = labels(s.catchUp());

    assertThat(got).containsExactlyElementsOf(concat(range("a", 1, 12), range("b", 3, 4)));
    assertThat(history.messageQueries.get()).as("pages of 5 for a (3 + the contiguity check), 2 for b").isLessThanOrEqualTo(7);
  }

  @Test
  void liveMessagesAtOrBelowTheLastEmittedAreDropped() {
    history.conversation("a", 3, 0).messages("a", 1, 3);
    Sequencer s = sequencer(10, 0);
    s.resumeFrom(Map.of());

    Flux<String> all = Flux.concat(s.catchUp(), s.live(live("a", 2)), s.live(live("a", 3)), s.live(live("a", 4)),
        s.live(live("a", 4)));

    assertThat(labels(all)).containsExactly("a#1", "a#2", "a#3", "live a#4");
    assertThat(meters.counter("herald.gateway.chat.duplicates.dropped").count()).isEqualTo(3);
  }

  @Test
  void aLiveSeqThatJumpsAheadIsPrecededByTheMissingOnesFromTheReadModel() {
    history.conversation("a", 2, 0).messages("a", 1, 2);
    Sequencer s = sequencer(10, 0);
    s.resumeFrom(Map.of("a", 2L));
    history.messages("a", 3, 5); // projected, but their live copies went by before this connection

    assertThat(labels(Flux.concat(s.catchUp(), s.live(live("a", 6)))))
        .containsExactly("a#3", "a#4", "a#5", "live a#6");
  }

  @Test
  void aGapTheReadModelDoesNotHaveYetIsRetriedUntilItArrives() {
    history.conversation("a", 1, 1).messages("a", 1, 1);
    Sequencer s = sequencer(10, 5);
    s.resumeFrom(Map.of());
    history.messages("a", 2, 2); // 3 is still on its way to the read model

    StepVerifier.create(Flux.concat(s.catchUp(), s.live(live("a", 4))).map(SequencerTest::label))
        .expectNext("a#2")
        .then(() -> history.messages("a", 3, 3))
        .expectNext("a#3", "live a#4")
        .verifyComplete();
    assertThat(meters.counter("herald.gateway.chat.gaps", "outcome", "filled").count()).isEqualTo(1);
  }

  @Test
  void afterTheRetriesItMovesOnWithoutTheMissingSeq() {
    history.conversation("a", 1, 1).messages("a", 1, 1).messages("a", 3, 3);
    Sequencer s = sequencer(10, 2);
    s.resumeFrom(Map.of());

    assertThat(labels(Flux.concat(s.catchUp(), s.live(live("a", 5))))).containsExactly("a#3", "live a#5");
    assertThat(meters.counter("herald.gateway.chat.gaps", "outcome", "unfilled").count()).isEqualTo(1);
  }

  @Test
  void aGapTheReadModelNeverFillsIsFilledFromTheInboxRecallBeforeMovingOn() {
    history.conversation("a", 1, 1).messages("a", 1, 1);
    history.recalled.addAll(List.of(live("b", 9), live("a", 2), live("a", 3), live("a", 4)));
    Sequencer s = sequencer(10, 1);
    s.resumeFrom(Map.of());

    assertThat(labels(Flux.concat(s.catchUp(), s.live(live("a", 4)), s.live(live("a", 5)))))
        .as("catch-up ends with the recall; the gap before 4 needs no fill then")
        .containsExactly("live b#9", "live a#2", "live a#3", "live a#4", "live a#5");
  }

  @Test
  void theSettlePassReadsBackBelowTheRegistrationMarkWhatTheReadModelLacks() {
    history.conversation("a", 1, 1).messages("a", 1, 1);
    history.recalledBelowMark.addAll(List.of(live("a", 2), live("g", 1))); // dispatched just before registration
    Sequencer s = sequencer(10, 0);
    s.registeredAt(42);
    s.resumeFrom(Map.of());

    assertThat(labels(s.catchUp())).as("catch-up: the read model only").isEmpty();
    assertThat(labels(s.settle())).containsExactly("live a#2", "live g#1");
    assertThat(labels(s.live(live("a", 2)))).as("then live, once").isEmpty();
    assertThat(history.recallMarks).containsExactly(-1L, 42L);
  }

  @Test
  void aLiveGapIsFilledFromTheRecallWhenTheReadModelStaysBehind() {
    history.conversation("a", 1, 1).messages("a", 1, 1);
    Sequencer s = sequencer(10, 1);
    s.resumeFrom(Map.of());
    List<String> caughtUp = labels(s.catchUp());
    history.recalled.addAll(List.of(live("a", 2), live("a", 3))); // the projector stalled after catch-up

    assertThat(caughtUp).isEmpty();
    assertThat(labels(s.live(live("a", 4)))).containsExactly("live a#2", "live a#3", "live a#4");
    assertThat(meters.counter("herald.gateway.chat.gaps", "outcome", "filled").count()).isEqualTo(1);
  }

  @Test
  void aConversationFirstSeenLiveStartsAtItsFirstMessageOrTheDeliveredCursor() {
    Sequencer s = sequencer(10, 0);
    s.resumeFrom(Map.of("r", 7L));
    assertThat(labels(s.catchUp())).isEmpty();
    history.conversation("k", 6, 4).messages("k", 1, 6); // created after catch-up ran

    Flux<String> all = Flux.concat(
        s.live(live("new", 1)),          // a brand-new conversation
        s.live(live("k", 7)),            // known to the read model: from alice's cursor (4)
        s.live(live("unknown", 9)),      // not in the read model yet: from this message
        s.live(live("r", 7)), s.live(live("r", 8))); // in hello.resume: after 7

    assertThat(labels(all)).containsExactly("live new#1", "k#5", "k#6", "live k#7", "live unknown#9", "live r#8");
  }

  @Test
  void theSettlePassPicksUpWhatTheReadModelGotAfterTheFirstPass() {
    history.conversation("a", 2, 0).messages("a", 1, 2);
    Sequencer s = sequencer(10, 0);
    s.resumeFrom(Map.of());
    List<String> first = labels(s.catchUp());
    history.conversation("a", 4, 0).messages("a", 3, 4).conversation("b", 1, 0).messages("b", 1, 1);

    assertThat(first).containsExactly("a#1", "a#2");
    assertThat(labels(s.catchUp())).containsExactly("a#3", "a#4", "b#1");
    assertThat(labels(s.catchUp())).isEmpty();
  }

  @Test
  void aReadModelFailureDuringAGapFillStillDeliversTheLiveMessage() {
    HistorySource failing = new HistorySource() {
      public int maxPage() {
        return 10;
      }

      public Flux<io.herald.chat.readmodel.CatchUpPosition> conversationsOf(String userId) {
        return Flux.empty();
      }

      public Flux<io.herald.chat.readmodel.MessageDoc> messagesAfter(String c, long after, int limit) {
        return Flux.error(new IllegalStateException("mongo down"));
      }

      public Mono<io.herald.chat.readmodel.ConversationDoc> findConversation(String c) {
        return Mono.error(new IllegalStateException("mongo down"));
      }
    };
    Sequencer s = new Sequencer("alice", failing, new FrameWriter(JSON), new SeqTracker(10), 10, 1,
        Duration.ofMillis(1), new ChatMetrics(meters));
    s.resumeFrom(Map.of("a", 1L));

    assertThat(labels(Flux.concat(s.live(live("a", 5)), s.live(live("a", 6))))).containsExactly("live a#5", "live a#6");
  }

  private static LiveItem.Message live(String conversation, long seq) {
    return new LiveItem.Message(conversation, seq, "{\"body\":\"live " + conversation + "#" + seq + "\"}");
  }

  private static List<String> labels(Flux<String> frames) {
    return frames.map(SequencerTest::label).collectList().block(Duration.ofSeconds(10));
  }

  private static String label(String json) {
    return JSON.readTree(json).get("body").asString();
  }

  private static List<String> range(String conversation, long from, long to) {
    return LongStream.rangeClosed(from, to).mapToObj(s -> conversation + "#" + s).toList();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
