package io.herald.gateway.chat;

import io.herald.chat.readmodel.CatchUpPosition;
import io.herald.chat.readmodel.MessageDoc;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One connection's message order: catch-up from the read model, then live deliveries, gap-free and
 * duplicate-free per conversation by seq. Not thread-safe: the connection runs its catch-up, then
 * its live items, strictly one after the other.
 *
 * <ul>
 *   <li><b>Floor.</b> A conversation starts after the seq the client gave in {@code hello.resume},
 *       else after the user's delivered cursor in the read model. Everything at or below the last
 *       emitted seq is dropped.
 *   <li><b>Catch-up.</b> For each of the user's conversations (most recent first), every message
 *       after its floor up to the conversation's lastSeq, then any further contiguous ones.
 *   <li><b>Gaps.</b> A live message whose seq jumps past last + 1 (the read model lags the inbox by
 *       milliseconds) first pulls the missing seqs from the read model, re-reading with doubling
 *       pauses while some are missing; after {@code retries} it takes what the inbox recall has (the
 *       projector stalled), then moves on without the rest (a seq the
 *       projector never wrote must not block a conversation; the client sees the jump and may page
 *       history). The same filling applies to holes during catch-up.
 *   <li><b>Recall.</b> While the projector is stalled, catch-up and the settle pass end with the
 *       user's deliveries read back from {@code inbox} ({@link InboxRecall}), through the live path;
 *       the settle pass also when the projector has not passed where the live feed stood at the
 *       connection's registration ({@link #registeredAt}): what was dispatched just before it.
 *   <li><b>New conversations</b> (not seen at catch-up): seq 1 starts at 0; otherwise the floor is
 *       the read model's delivered cursor, or just below the message when the read model does not
 *       know the conversation yet.
 * </ul>
 */
final class Sequencer {

  private static final Logger log = LoggerFactory.getLogger(Sequencer.class);

  private final String userId;
  private final HistorySource history;
  private final FrameWriter writer;
  private final SeqTracker tracker;
  private final int page;
  private final int retries;
  private final Duration backoff;
  private final ChatMetrics metrics;
  private Map<String, Long> hints = Map.of();
  private long handoverMark = -1;

  Sequencer(String userId, HistorySource history, FrameWriter writer, SeqTracker tracker, int page, int retries,
            Duration backoff, ChatMetrics metrics) {
    this.userId = userId;
    this.history = history;
    this.writer = writer;
    this.tracker = tracker;
    this.page = Math.max(1, Math.min(page, history.maxPage()));
    this.retries = retries;
    this.backoff = backoff;
    this.metrics = metrics;
  }

  /** The client's {@code hello.resume}: last seq it holds per conversation. */
  void resumeFrom(Map<String, Long> resume) {
    this.hints = Map.copyOf(resume);
  }

  /** Where the live feed stood for this user right after the connection registered for live items. */
  void registeredAt(long mark) {
    this.handoverMark = mark;
  }

  /** Messages the connection has not emitted yet, per conversation in seq order; run once at connect. */
  Flux<String> catchUp() {
    return catchUp(-1);
  }

  /**
   * The catch-up again, starting from what was emitted: for a delivery dispatched just before the
   * connection registered that the projector had not written then. If the projector has still not
   * passed the registration's mark, those come from the inbox (a recall), not the read model.
   */
  Flux<String> settle() {
    return catchUp(handoverMark);
  }

  private Flux<String> catchUp(long mark) {
    return history.conversationsOf(userId)
        .collectList() // bounded by the read model; no cursor stays open while a slow client reads
        .flatMapMany(Flux::fromIterable)
        .concatMap(this::catchUp)
        // what the read model lacks while the projector is stalled, as if it arrived live (same de-dup)
        .concatWith(Flux.defer(() -> history.recalled(userId, mark)).concatMap(this::live));
  }

  private Flux<String> catchUp(CatchUpPosition p) {
    String c = p.conversationId();
    long floor = tracker.startAt(c, hints.getOrDefault(c, p.deliveredUpTo()));
    if (p.lastSeq() <= floor) {
      return Flux.empty();
    }
    return fill(c, p.lastSeq() + 1, 0, "catch-up").concatWith(contiguousAfter(c));
  }

  /** A live delivery: dropped if already emitted, preceded by the missing seqs if it jumps ahead. */
  Flux<String> live(LiveItem.Message m) {
    return Flux.defer(() -> tracker.last(m.conversationId()).isPresent()
        ? admit(m)
        : floorOf(m).flatMapMany(floor -> {
          tracker.startAt(m.conversationId(), floor);
          return admit(m);
        }));
  }

  private Flux<String> admit(LiveItem.Message m) {
    String c = m.conversationId();
    long last = tracker.last(c).orElseThrow();
    if (log.isDebugEnabled() && m.seq() != last + 1) {
      log.debug("{}: {} seq {} after {}: {}", userId, c, m.seq(), last, m.seq() <= last ? "repeat" : "gap");
    }
    if (m.seq() <= last) {
      metrics.duplicateDropped();
      return Flux.empty();
    }
    Flux<String> self = Flux.defer(() -> {
      if (!tracker.advance(c, m.seq())) {
        metrics.duplicateDropped();
        return Flux.empty();
      }
      metrics.messageSent("live");
      metrics.written(m.sentAtMillis());
      return Flux.just(m.json());
    });
    if (m.seq() == last + 1) {
      return self;
    }
    return fill(c, m.seq(), 0, "gap")
        .onErrorResume(e -> {
          log.warn("cannot fill seqs {}..{} of {} from the read model: {}", last + 1, m.seq() - 1, c, e.toString());
          metrics.gap("unfilled");
          return Flux.empty();
        })
        .concatWith(self);
  }

  /** Where tracking starts for a conversation first seen live. */
  private Mono<Long> floorOf(LiveItem.Message m) {
    Long hint = hints.get(m.conversationId());
    if (hint != null) {
      return Mono.just(hint);
    }
    if (m.seq() <= 1) {
      return Mono.just(0L);
    }
    return history.findConversation(m.conversationId())
        .map(c -> Math.min(c.cursorOf(userId).deliveredUpTo(), m.seq() - 1))
        .defaultIfEmpty(m.seq() - 1)
        .onErrorReturn(m.seq() - 1);
  }

  /**
   * Emits the conversation's seqs in (last, before) in order. While one is missing, emits the
   * contiguous prefix and re-reads after a pause (doubling); the last attempt emits whatever exists.
   */
  private Flux<String> fill(String c, long before, int attempt, String source) {
    return Flux.defer(() -> {
      long after = tracker.last(c).orElseThrow();
      if (after >= before - 1) {
        return Flux.empty();
      }
      boolean lastTry = attempt >= retries;
      log.debug("{}: {} fill ({}, {}) attempt {} ({})", userId, c, after, before, attempt, source);
      Flux<String> pass = range(c, after, before).handle((m, sink) -> {
        long l = tracker.last(c).orElseThrow();
        if (m.seq() <= l) {
          return;
        }
        if (m.seq() != l + 1 && !lastTry) {
          sink.complete(); // a hole: stop here, re-read after a pause
          return;
        }
        tracker.advance(c, m.seq());
        metrics.messageSent(source);
        sink.next(writer.write(ServerFrame.Message.of(m)));
      });
      return pass.concatWith(Flux.defer(() -> {
        if (tracker.last(c).orElseThrow() >= before - 1) {
          if (attempt > 0 || "gap".equals(source)) {
            metrics.gap("filled");
          }
          return Flux.empty();
        }
        if (lastTry) {
          // the read model still lacks them: the projector may be stalled, then inbox has them
          return recalledInto(c, before).concatWith(Flux.defer(() -> {
            if (tracker.last(c).orElseThrow() >= before - 1) {
              metrics.gap("filled");
            } else {
              log.debug("seqs of {} up to {} still missing from the read model; moving on", c, before - 1);
              metrics.gap("unfilled");
            }
            return Flux.empty();
          }));
        }
        return Mono.delay(backoff.multipliedBy(1L << attempt)).thenMany(fill(c, before, attempt + 1, source));
      }));
    });
  }

  /** The conversation's recalled deliveries ({@link HistorySource#recalled}) below {@code before}, in seq order. */
  private Flux<String> recalledInto(String c, long before) {
    return Flux.defer(() -> history.recalled(userId, -1))
        .filter(m -> c.equals(m.conversationId()) && m.seq() < before)
        .handle((m, sink) -> {
          if (tracker.advance(c, m.seq())) {
            metrics.messageSent("recall");
            sink.next(m.json());
          }
        });
  }

  /** Messages right after the last emitted one, as long as they are contiguous (read model ahead of its lastSeq). */
  private Flux<String> contiguousAfter(String c) {
    return Flux.defer(() -> range(c, tracker.last(c).orElseThrow(), Long.MAX_VALUE).handle((m, sink) -> {
      long l = tracker.last(c).orElseThrow();
      if (m.seq() <= l) {
        return;
      }
      if (m.seq() != l + 1) {
        sink.complete();
        return;
      }
      tracker.advance(c, m.seq());
      metrics.messageSent("catch-up");
      sink.next(writer.write(ServerFrame.Message.of(m)));
    }));
  }

  /** The conversation's messages with after < seq < before, ascending, one page in memory at a time. */
  private Flux<MessageDoc> range(String c, long after, long before) {
    return history.messagesAfter(c, after, page).collectList()
        .expand(list -> isLastPage(list, before) ? Mono.empty()
            : history.messagesAfter(c, list.get(list.size() - 1).seq(), page).collectList())
        .concatMapIterable(list -> list)
        .takeWhile(m -> m.seq() < before);
  }

  private boolean isLastPage(List<MessageDoc> list, long before) {
    return list.size() < page || list.get(list.size() - 1).seq() >= before - 1;
  }
}
