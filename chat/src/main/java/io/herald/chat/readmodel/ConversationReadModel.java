package io.herald.chat.readmodel;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
  private final Memberships memberships;
  private final ReadModelLimits limits;

  public ConversationReadModel(MongoDatabase db) {
    this(db, ReadModelLimits.DEFAULTS);
  }

  public ConversationReadModel(MongoDatabase db, ReadModelLimits limits) {
    this.conversations = db.getCollection(ChatCollections.CONVERSATIONS);
    this.messages = db.getCollection(ChatCollections.MESSAGES);
    this.memberships = new Memberships(db);
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

  /** By {@code _id}, the members checked here: see {@link Memberships} for why filters stay on one index. */
  public Mono<Boolean> isMember(String conversationId, String userId) {
    return Mono.from(conversations.find(Filters.eq("_id", conversationId))
            .projection(Projections.include(ConversationDoc.MEMBERS)).first())
        .map(d -> Docs.strings(d, ConversationDoc.MEMBERS).contains(userId))
        .defaultIfEmpty(false);
  }

  /** The user's conversations, latest activity first, each with its last message and the user's unread count. */
  public Flux<ConversationSummary> listForUser(String userId, int limit) {
    return conversationDocsOf(userId, null)
        .take(limits.page(limit))
        .map(d -> ConversationSummary.of(ConversationDoc.fromDocument(d), userId));
  }

  /** A page of history, newest first, and the {@code before} that asks for the next older page (null: none). */
  public record MessagePage(List<MessageDoc> messages, Long nextBefore) {}

  /**
   * A page of messages, newest first: those with seq below {@code beforeSeq}, or the latest ones when
   * it is null ({@code lastSeq}: the conversation's, as its document says). Asked by {@code _id} for the
   * page's window of seqs, as {@link #messagesAfter} is: the embedded Mongo-wire server answers that
   * from the {@code _id} index and scanned the whole messages collection for the former
   * {@code (conversationId, seq < before)} query (every conversation's messages, for each page). The
   * latest page's window reaches a page beyond {@code lastSeq}: the projector stores a batch's
   * messages before the state that counts them. A seq missing from the window (not projected yet, or
   * dead-lettered) makes the page short, not the end: {@code nextBefore} comes from the window.
   */
  public Mono<MessagePage> messagesBefore(String conversationId, Long beforeSeq, long lastSeq, int limit) {
    int n = limits.page(limit);
    long ceiling = Math.max(0, lastSeq) + n; // stored messages may run ahead of the document's lastSeq
    boolean latest = beforeSeq == null || beforeSeq - 1 >= ceiling; // a `before` beyond it asks for the latest
    long top = latest ? ceiling : beforeSeq - 1;
    long low = Math.max(1, top - (latest ? 2L * n : n) + 1);
    if (top < 1) {
      return Mono.just(new MessagePage(List.of(), null));
    }
    List<String> ids = new ArrayList<>((int) (top - low + 1));
    for (long seq = top; seq >= low; seq--) {
      ids.add(MessageDoc.idOf(conversationId, seq));
    }
    return Flux.from(messages.find(Filters.in("_id", ids)).sort(Sorts.descending(MessageDoc.SEQ)).limit(n))
        .map(MessageDoc::fromDocument)
        .collectList()
        .map(page -> {
          long oldest = page.size() == n ? page.get(page.size() - 1).seq() : low;
          return new MessagePage(page, oldest > 1 ? oldest : null);
        });
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
    // Whole cursors map rather than "cursors.<userId>": user ids are not safe path segments.
    return conversationDocsOf(userId, Projections.include(ConversationDoc.LAST_SEQ, ConversationDoc.CURSORS,
            ConversationDoc.MEMBERS, ConversationDoc.UPDATED_AT))
        .take(limits.maxConversationsPerUser())
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
    return conversationDocsOf(userId, Projections.include(ConversationDoc.MEMBERS, ConversationDoc.UPDATED_AT))
        .take(limits.maxConversationsPerUser())
        .flatMapIterable(d -> Docs.strings(d, ConversationDoc.MEMBERS))
        .filter(member -> !member.equals(userId))
        .distinct()
        .take(limits.maxContacts());
  }

  /**
   * Whether some conversation has both users as members now (they are contacts): the conversations
   * both users' {@link Memberships} name, read by {@code _id} and checked. Before, a filter on
   * {@code members} for both, which no index serves since the {@code members} index was dropped: a
   * scan of every conversation per presence look-up, on real MongoDB as on the embedded server.
   */
  public Mono<Boolean> shareAConversation(String a, String b) {
    return Mono.zip(memberships.candidatesOf(a), memberships.candidatesOf(b)).flatMap(both -> {
      Set<String> common = new HashSet<>(both.getT1());
      common.retainAll(both.getT2());
      if (common.isEmpty()) {
        return Mono.just(false);
      }
      return Flux.from(conversations.find(Filters.in("_id", common)).projection(Projections.include(ConversationDoc.MEMBERS)))
          .any(d -> {
            List<String> members = Docs.strings(d, ConversationDoc.MEMBERS);
            return members.contains(a) && members.contains(b);
          });
    });
  }

  /**
   * The user's conversations, latest activity first: the candidates from {@link Memberships}, read
   * by {@code _id}, kept only where the user is a member now.
   */
  private Flux<Document> conversationDocsOf(String userId, Bson projection) {
    return memberships.candidatesOf(userId).flatMapMany(ids -> {
      if (ids.isEmpty()) {
        return Flux.empty();
      }
      var find = conversations.find(Filters.in("_id", ids)).sort(latestFirst());
      return Flux.from(projection == null ? find : find.projection(projection))
          .filter(d -> Docs.strings(d, ConversationDoc.MEMBERS).contains(userId));
    });
  }

  private static Bson hasState() {
    return Filters.exists(ConversationDoc.KIND);
  }

  private static Bson latestFirst() {
    return Sorts.orderBy(Sorts.descending(ConversationDoc.UPDATED_AT), Sorts.ascending("_id"));
  }
}
