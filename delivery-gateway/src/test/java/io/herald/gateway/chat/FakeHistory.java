package io.herald.gateway.chat;

import io.herald.chat.readmodel.CatchUpPosition;
import io.herald.chat.readmodel.ConversationDoc;
import io.herald.chat.readmodel.CursorDoc;
import io.herald.chat.readmodel.MessageDoc;
import io.herald.events.ConversationKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** An in-memory read model: conversations of one user with their lastSeq and delivered cursor, and messages. */
final class FakeHistory implements HistorySource {

  private final String userId;
  private final int maxPage;
  private final Map<String, long[]> positions = new ConcurrentHashMap<>(); // conversation -> {lastSeq, deliveredUpTo}
  private final Map<String, ConcurrentSkipListMap<Long, MessageDoc>> messages = new ConcurrentHashMap<>();
  final AtomicInteger messageQueries = new AtomicInteger();
  final List<LiveItem.Message> recalled = new java.util.concurrent.CopyOnWriteArrayList<>();

  FakeHistory(String userId, int maxPage) {
    this.userId = userId;
    this.maxPage = maxPage;
  }

  FakeHistory conversation(String id, long lastSeq, long deliveredUpTo) {
    positions.put(id, new long[] {lastSeq, deliveredUpTo});
    return this;
  }

  FakeHistory messages(String conversation, long from, long to) {
    for (long s = from; s <= to; s++) {
      messages.computeIfAbsent(conversation, c -> new ConcurrentSkipListMap<>())
          .put(s, new MessageDoc(conversation, s, "m" + s, "c" + s, "bob", "text/plain", conversation + "#" + s,
              Instant.EPOCH));
    }
    return this;
  }

  /** Recalled only when asked with a mark (a settle pass after registration at that mark). */
  final List<LiveItem.Message> recalledBelowMark = new java.util.concurrent.CopyOnWriteArrayList<>();
  final List<Long> recallMarks = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  public Flux<LiveItem.Message> recalled(String user, long mark) {
    recallMarks.add(mark);
    Flux<LiveItem.Message> stalled = Flux.fromIterable(List.copyOf(recalled));
    return mark < 0 ? stalled : Flux.concat(stalled, Flux.fromIterable(List.copyOf(recalledBelowMark)));
  }

  @Override
  public int maxPage() {
    return maxPage;
  }

  @Override
  public Flux<CatchUpPosition> conversationsOf(String user) {
    return Flux.fromIterable(positions.entrySet())
        .map(e -> new CatchUpPosition(e.getKey(), e.getValue()[0], e.getValue()[1]))
        .sort((a, b) -> a.conversationId().compareTo(b.conversationId()));
  }

  @Override
  public Flux<MessageDoc> messagesAfter(String conversationId, long afterSeq, int limit) {
    return Flux.defer(() -> {
      messageQueries.incrementAndGet();
      var m = messages.get(conversationId);
      return m == null ? Flux.empty()
          : Flux.fromIterable(List.copyOf(m.tailMap(afterSeq, false).values())).take(Math.min(limit, maxPage));
    });
  }

  @Override
  public Mono<ConversationDoc> findConversation(String conversationId) {
    long[] p = positions.get(conversationId);
    return p == null ? Mono.empty()
        : Mono.just(new ConversationDoc(conversationId, ConversationKind.DIRECT, null, List.of(), List.of(userId, "bob"),
            p[0], null, Map.of(userId, new CursorDoc(p[1], 0)), null));
  }
}
