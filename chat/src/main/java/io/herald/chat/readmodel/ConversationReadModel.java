package io.herald.chat.readmodel;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bson.Document;
import org.bson.conversions.Bson;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Queries over the chat read model that {@code ChatProjector} maintains. Every method is
 * non-blocking and bounded ({@link ReadModelLimits}). It does no authorization: callers check
 * {@link #isMember} before showing a conversation's content.
 *
 * <p>The model trails the topics by the projector's lag (milliseconds when healthy).
 */
public final class ConversationReadModel {

  private final MongoCollection<Document> conversations;
  private final MongoCollection<Document> messages;
  private final ReadModelLimits limits;

  public ConversationReadModel(MongoDatabase db) {
    this(db, ReadModelLimits.DEFAULTS);
  }

  public ConversationReadModel(MongoDatabase db, ReadModelLimits limits) {
    this.conversations = db.getCollection(ChatCollections.CONVERSATIONS);
    this.messages = db.getCollection(ChatCollections.MESSAGES);
    this.limits = Objects.requireNonNull(limits);
  }

  public ReadModelLimits limits() {
    return limits;
  }

  /** The conversation, once its accepted state was projected; empty otherwise. */
  public Mono<ConversationDoc> findConversation(String conversationId) {
    return Mono.from(conversations.find(Filters.and(Filters.eq("_id", conversationId), hasState())).first())
        .map(ConversationDoc::fromDocument);
  }

  public Mono<Boolean> isMember(String conversationId, String userId) {
    return Mono.from(conversations.find(Filters.and(Filters.eq("_id", conversationId),
            Filters.eq(ConversationDoc.MEMBERS, userId)))
        .projection(Projections.include("_id")).first())
        .hasElement();
  }

  /** The user's conversations, latest activity first, each with its last message and the user's unread count. */
  public Flux<ConversationSummary> listForUser(String userId, int limit) {
    return Flux.from(conversations.find(Filters.eq(ConversationDoc.MEMBERS, userId))
            .sort(latestFirst())
            .limit(limits.page(limit)))
        .map(d -> ConversationSummary.of(ConversationDoc.fromDocument(d), userId));
  }

  /**
   * A page of messages, newest first: those with seq below {@code beforeSeq}, or the latest ones when
   * it is null. The next page is asked for with the smallest seq of this one.
   */
  public Flux<MessageDoc> messagesBefore(String conversationId, Long beforeSeq, int limit) {
    Bson filter = beforeSeq == null
        ? Filters.eq(MessageDoc.CONVERSATION_ID, conversationId)
        : Filters.and(Filters.eq(MessageDoc.CONVERSATION_ID, conversationId), Filters.lt(MessageDoc.SEQ, beforeSeq));
    return Flux.from(messages.find(filter).sort(Sorts.descending(MessageDoc.SEQ)).limit(limits.page(limit)))
        .map(MessageDoc::fromDocument);
  }

  /**
   * Messages with seq above {@code afterSeq}, oldest first: reconnect catch-up, one page at a time.
   * Asked by {@code _id} (conversation + seq, see {@link MessageDoc#idOf}) for the page's window of
   * seqs, so the server answers from the {@code _id} index on any MongoDB, the embedded Mongo-wire
   * server included (it scans the collection for anything else). A seq the projector has not
   * written yet is absent from the page; callers treat a short page as the end.
   */
  public Flux<MessageDoc> messagesAfter(String conversationId, long afterSeq, int limit) {
    int n = limits.page(limit);
    long first = Math.max(1, afterSeq + 1);
    long last = afterSeq > Long.MAX_VALUE - n ? Long.MAX_VALUE : afterSeq + n;
    List<String> ids = new ArrayList<>(n);
    for (long seq = first; seq <= last && seq > 0; seq++) {
      ids.add(MessageDoc.idOf(conversationId, seq));
    }
    return Flux.from(messages.find(Filters.in("_id", ids))
            .sort(Sorts.ascending(MessageDoc.SEQ))
            .limit(n))
        .map(MessageDoc::fromDocument);
  }

  /**
   * For reconnect catch-up: each of the user's conversations (the most recently active
   * {@code maxConversationsPerUser}) with its last seq and the user's delivered cursor.
   */
  public Flux<CatchUpPosition> conversationsOf(String userId) {
    return Flux.from(conversations.find(Filters.eq(ConversationDoc.MEMBERS, userId))
            // Whole cursors map rather than "cursors.<userId>": user ids are not safe path segments.
            .projection(Projections.include(ConversationDoc.LAST_SEQ, ConversationDoc.CURSORS))
            .sort(latestFirst())
            .limit(limits.maxConversationsPerUser()))
        .map(d -> {
          ConversationDoc c = ConversationDoc.fromDocument(d);
          return new CatchUpPosition(c.id(), c.lastSeq(), c.cursorOf(userId).deliveredUpTo());
        });
  }

  /**
   * Distinct users who share a conversation with {@code userId} (not the user), from the most
   * recently active conversations first; at most {@code maxContacts}.
   */
  public Flux<String> contactsOf(String userId) {
    return Flux.from(conversations.find(Filters.eq(ConversationDoc.MEMBERS, userId))
            .projection(Projections.include(ConversationDoc.MEMBERS))
            .sort(latestFirst())
            .limit(limits.maxConversationsPerUser()))
        .flatMapIterable(d -> Docs.strings(d, ConversationDoc.MEMBERS))
        .filter(member -> !member.equals(userId))
        .distinct()
        .take(limits.maxContacts());
  }

  private static Bson hasState() {
    return Filters.exists(ConversationDoc.KIND);
  }

  private static Bson latestFirst() {
    return Sorts.orderBy(Sorts.descending(ConversationDoc.UPDATED_AT), Sorts.ascending("_id"));
  }
}
