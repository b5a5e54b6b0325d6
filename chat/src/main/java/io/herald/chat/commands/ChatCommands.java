package io.herald.chat.commands;

import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.chat.readmodel.ConversationDoc;
import io.herald.chat.readmodel.ConversationReadModel;
import io.herald.events.ConversationEvent;
import io.herald.events.ConversationKind;
import io.herald.events.Receipt;
import io.herald.events.ReceiptKind;
import io.herald.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.RecordMetadata;
import reactor.core.publisher.Mono;

/**
 * Chat commands from HTTP and WebSocket: validate, check the actor against the read model, produce
 * the event keyed by conversation_id (record timestamp = occurred_at). Failures are
 * {@link ChatException}s: {@link ChatValidationException} (400), {@link ChatForbiddenException}
 * (403), {@link ConversationNotFoundException} (404), {@link ChatConflictException} (409).
 *
 * <p><b>Authority.</b> The read-model checks here are eventually consistent: the model trails the
 * topics by the projector's lag (milliseconds). They give clients a clear, early answer and keep
 * non-members' traffic off the topics; the Kafka Streams topology, which applies membership in
 * topic order, is the authority and drops what it does not accept (a send by a just-removed member,
 * a second "create" of a direct conversation, a duplicate (sender, client_msg_id)). To absorb the
 * lag in "create, then send at once", a negative answer is re-checked for up to
 * {@link ChatLimits#readModelGrace()} before it is given.
 *
 * <p><b>Idempotent sends</b> ({@link IdempotentSends}). A retry of (actor, conversation,
 * clientMsgId) gets the first {@link SendResult} ({@code replayed = true}) and produces nothing; a
 * retry while the first attempt is still in flight gets {@link ChatConflictException}; the same
 * clientMsgId with different content is a {@link ChatValidationException} on {@code clientMsgId}.
 *
 * <p>Every method returns a cold Mono and never blocks. The host creates the indexes once with
 * {@code ChatCollections.ensureIndexes}.
 */
public final class ChatCommands {

  private static final Duration FIRST_RECHECK = Duration.ofMillis(25);
  /** Direct conversations this instance created, remembered (LRU) so asking again before the read model knows them answers 200. */
  private static final int RECENT_DIRECTS = 10_000;

  private final ChatEventSender sender;
  private final ConversationReadModel readModel;
  private final IdempotentSends sends;
  private final Clock clock;
  private final ChatLimits limits;
  private final CommandValidator validate;
  private final int rechecks;
  private final Set<String> recentDirects = Collections.newSetFromMap(Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > RECENT_DIRECTS;
        }
      }));
  private final MembershipCache membership;

  public ChatCommands(ChatEventSender sender, ConversationReadModel readModel, MongoDatabase db, Clock clock,
                      ChatLimits limits) {
    this(sender, readModel, MembershipCache.NONE, db, clock, limits);
  }

  public ChatCommands(ChatEventSender sender, ConversationReadModel readModel, MembershipCache membership,
                      MongoDatabase db, Clock clock, ChatLimits limits) {
    this(sender, readModel, membership, null, db, clock, limits);
  }

  /**
   * @param membership checked before the read model (a host that tails {@code delivery-state} feeds it)
   * @param recentSends null: each send reserves its clientMsgId in MongoDB before producing; else
   *     this instance's memory answers retries and the record is written after the send (see {@link RecentSends})
   */
  public ChatCommands(ChatEventSender sender, ConversationReadModel readModel, MembershipCache membership,
                      RecentSends recentSends, MongoDatabase db, Clock clock, ChatLimits limits) {
    this.sender = Objects.requireNonNull(sender);
    this.readModel = Objects.requireNonNull(readModel);
    this.membership = Objects.requireNonNull(membership);
    this.clock = Objects.requireNonNull(clock);
    this.limits = Objects.requireNonNull(limits);
    this.sends = new IdempotentSends(new SendLedger(db), clock, limits.sendLease(), this::produce, recentSends);
    this.validate = new CommandValidator(limits);
    this.rechecks = rechecksWithin(limits.readModelGrace());
  }

  /** The direct conversation of the two users; produced only if the read model does not know it yet. */
  public Mono<CreateResult> createDirect(String actor, String otherUserId) {
    return Mono.defer(() -> {
      validate.id("actor", actor);
      validate.id("otherUserId", otherUserId);
      if (actor.equals(otherUserId)) {
        throw new ChatValidationException("otherUserId", "must be another user");
      }
      String id = ConversationIds.direct(actor, otherUserId);
      List<String> members = actor.compareTo(otherUserId) < 0 ? List.of(actor, otherUserId) : List.of(otherUserId, actor);
      if (recentDirects.contains(id)) {
        return Mono.just(new CreateResult(id, ConversationKind.DIRECT, false));
      }
      return readModel.findConversation(id)
          .map(existing -> new CreateResult(id, ConversationKind.DIRECT, false))
          .switchIfEmpty(Mono.defer(() -> produce(ChatEvents.created(id, actor, ConversationKind.DIRECT, null, members,
                  List.of(), clock.instant()))
              .doOnSuccess(v -> recentDirects.add(id))
              .thenReturn(new CreateResult(id, ConversationKind.DIRECT, true))));
    });
  }

  /** A new group; the actor becomes its first member and its admin. */
  public Mono<CreateResult> createGroup(String actor, String name, Collection<String> members) {
    return Mono.defer(() -> {
      validate.id("actor", actor);
      String groupName = validate.groupName(name);
      List<String> all = validate.members(actor, members);
      String id = ConversationIds.newGroup();
      return produce(ChatEvents.created(id, actor, ConversationKind.GROUP, groupName, all, List.of(actor),
              clock.instant()))
          .thenReturn(new CreateResult(id, ConversationKind.GROUP, true));
    });
  }

  /** Any member may add someone to a group. */
  public Mono<MembershipResult> addMember(String actor, String conversationId, String userId) {
    return Mono.defer(() -> {
      validate.id("actor", actor);
      validate.id("conversationId", conversationId);
      validate.id("userId", userId);
      return conversation(conversationId, c -> c.isMember(actor),
          () -> new ChatForbiddenException("only members may add members"))
          .flatMap(c -> {
            requireGroup(c);
            if (c.isMember(userId)) {
              return Mono.just(new MembershipResult(conversationId, userId, false));
            }
            if (c.members().size() >= limits.maxGroupMembers()) {
              throw new ChatValidationException("userId", "the group is full (" + limits.maxGroupMembers() + " members)");
            }
            return produce(ChatEvents.joined(conversationId, actor, userId, clock.instant()))
                .thenReturn(new MembershipResult(conversationId, userId, true));
          });
    });
  }

  /** An admin may remove anyone; any member may remove themself (leave). */
  public Mono<MembershipResult> removeMember(String actor, String conversationId, String userId) {
    return Mono.defer(() -> {
      validate.id("actor", actor);
      validate.id("conversationId", conversationId);
      validate.id("userId", userId);
      return conversation(conversationId, c -> c.isMember(actor) && (c.isAdmin(actor) || actor.equals(userId)),
          () -> new ChatForbiddenException("only admins may remove other members"))
          .flatMap(c -> {
            requireGroup(c);
            if (!c.isMember(userId)) {
              return Mono.just(new MembershipResult(conversationId, userId, false));
            }
            return produce(ChatEvents.left(conversationId, actor, userId, clock.instant()))
                .thenReturn(new MembershipResult(conversationId, userId, true));
          });
    });
  }

  /** Sends a message as a member; a retry with the same clientMsgId gets the first answer. */
  public Mono<SendResult> send(String actor, String deviceId, String conversationId, String clientMsgId,
                               String contentType, String body) {
    return Mono.defer(() -> {
      validate.id("actor", actor);
      validate.deviceId(deviceId);
      validate.id("conversationId", conversationId);
      validate.clientMsgId(clientMsgId);
      validate.contentType(contentType);
      validate.body(body);
      IdempotentSends.Send s = new IdempotentSends.Send(actor, deviceId, conversationId, clientMsgId, contentType, body);
      // Membership first (in memory when cached), then one ledger write: a retry finds its key taken
      // and gets the first answer. (A retry by someone removed meanwhile is refused: 403.)
      return conversation(conversationId, c -> c.isMember(actor),
              () -> new ChatForbiddenException("only members may send to this conversation"))
          .then(Mono.defer(() -> sends.first(s)));
    });
  }

  /** Moves the actor's delivered or read cursor (the topology never moves it backwards). */
  public Mono<ReceiptResult> receipt(String actor, String deviceId, String conversationId, ReceiptKind kind,
                                     long upToSeq) {
    return Mono.defer(() -> {
      validate.id("actor", actor);
      validate.deviceId(deviceId);
      validate.id("conversationId", conversationId);
      if (kind == null) {
        throw new ChatValidationException("kind", "must be DELIVERED or READ");
      }
      validate.upToSeq(upToSeq);
      return conversation(conversationId, c -> c.isMember(actor),
          () -> new ChatForbiddenException("only members may send receipts"))
          .flatMap(c -> {
            Receipt receipt = ChatEvents.receipt(conversationId, actor, deviceId, kind, upToSeq, clock.instant());
            return sender.publish(Topics.RECEIPTS, conversationId, receipt, receipt.getOccurredAt());
          })
          .map(md -> new ReceiptResult(conversationId, actor, kind, upToSeq, md.partition(), md.offset()));
    });
  }

  private Mono<RecordMetadata> produce(ConversationEvent event) {
    return sender.publish(Topics.CONVERSATIONS, event.getConversationId(), event, event.getOccurredAt());
  }

  /**
   * The conversation if {@code allowed}; otherwise NotFound or {@code denied}. A positive answer from
   * the membership cache is final; otherwise the read model decides, and a negative answer is
   * re-read a few times with doubling pauses (non-blocking) within the grace period.
   */
  private Mono<ConversationDoc> conversation(String id, Predicate<ConversationDoc> allowed,
                                             Supplier<ChatException> denied) {
    ConversationDoc cached = membership.get(id);
    if (cached != null && allowed.test(cached)) {
      return Mono.just(cached);
    }
    Mono<ConversationDoc> read = Mono.defer(() -> readModel.findConversation(id)).doOnNext(membership::offer);
    return read.filter(allowed)
        // The companion completing after `rechecks` pauses ends the repeats with an empty result.
        .repeatWhenEmpty(attempts -> attempts.take(rechecks).concatMap(i -> Mono.delay(FIRST_RECHECK.multipliedBy(1L << i))))
        .switchIfEmpty(Mono.defer(() -> read
            .flatMap(c -> Mono.<ConversationDoc>error(denied.get()))
            .switchIfEmpty(Mono.error(() -> new ConversationNotFoundException(id)))));
  }

  private static void requireGroup(ConversationDoc c) {
    if (c.kind() != ConversationKind.GROUP) {
      throw new ChatValidationException("conversationId", "the members of a direct conversation cannot change");
    }
  }

  /** How many doubling re-checks (25, 50, 100 ms …) fit in the grace period. */
  static int rechecksWithin(Duration grace) {
    int n = 0;
    long total = 0;
    while (total + (FIRST_RECHECK.toMillis() << n) <= grace.toMillis() && n < 10) {
      total += FIRST_RECHECK.toMillis() << n;
      n++;
    }
    return n;
  }
}
