package io.herald.gateway.chat;

import io.herald.chat.readmodel.CatchUpPosition;
import io.herald.chat.readmodel.ConversationDoc;
import io.herald.chat.readmodel.ConversationReadModel;
import io.herald.chat.readmodel.MessageDoc;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The read-model queries catch-up and gap fills need (a seam for tests; production is the chat read model). */
interface HistorySource {

  /** Largest page {@link #messagesAfter} returns. */
  int maxPage();

  Flux<CatchUpPosition> conversationsOf(String userId);

  Flux<MessageDoc> messagesAfter(String conversationId, long afterSeq, int limit);

  Mono<ConversationDoc> findConversation(String conversationId);

  /**
   * Deliveries of the user not in the read model yet, from the log (see {@link InboxRecall}); none by
   * default. {@code mark}: where the live feed stood when the user's socket registered
   * ({@link #handoverMark}), so that also what the projector has not written below it comes back;
   * -1 for only what a projector stall withholds.
   */
  default Flux<LiveItem.Message> recalled(String userId, long mark) {
    return Flux.empty();
  }

  /** Where the live feed stands for the user right now (see {@link InboxRecall#mark}); -1 unknown. */
  default long handoverMark(String userId) {
    return -1;
  }

  static HistorySource of(ConversationReadModel readModel) {
    return of(readModel, null);
  }

  /** @param recall where deliveries the read model lacks come from while the projector is stalled (null: nowhere) */
  static HistorySource of(ConversationReadModel readModel, InboxRecall recall) {
    return new HistorySource() {
      @Override
      public Flux<LiveItem.Message> recalled(String userId, long mark) {
        return recall == null ? Flux.empty() : recall.deliveriesOf(userId, mark);
      }

      @Override
      public long handoverMark(String userId) {
        return recall == null ? -1 : recall.mark(userId);
      }

      @Override
      public int maxPage() {
        return readModel.limits().maxPage();
      }

      @Override
      public Flux<CatchUpPosition> conversationsOf(String userId) {
        return readModel.conversationsOf(userId);
      }

      @Override
      public Flux<MessageDoc> messagesAfter(String conversationId, long afterSeq, int limit) {
        return readModel.messagesAfter(conversationId, afterSeq, limit);
      }

      @Override
      public Mono<ConversationDoc> findConversation(String conversationId) {
        return readModel.findConversation(conversationId);
      }
    };
  }
}
