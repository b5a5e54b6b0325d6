package io.herald.processors.chat;

import io.herald.events.ConversationCreated;
import io.herald.events.ConversationKind;
import io.herald.events.ReceiptKind;
import io.herald.processors.chat.state.ConversationState;
import io.herald.processors.chat.state.ConversationType;
import io.herald.processors.chat.state.MemberState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The membership, sequencing and cursor rules of a conversation, on its state alone (no Kafka),
 * so they read as a specification. Methods that return an empty Optional have applied the
 * command to the given state; otherwise the state is untouched and the reason is returned.
 */
final class ConversationRules {

  private final int maxMembers;

  ConversationRules(ConversationLimits limits) {
    this.maxMembers = limits.maxMembers();
  }

  /** A new conversation: DIRECT has exactly 2 distinct members, the creator is a member, admins are members. */
  Optional<Rejection> checkCreate(String actor, ConversationCreated created) {
    Set<String> members = new LinkedHashSet<>(created.getMembers());
    if (created.getKind() == ConversationKind.DIRECT ? members.size() != 2 : members.isEmpty()) {
      return Optional.of(Rejection.INVALID_MEMBERS);
    }
    if (members.size() > maxMembers) {
      return Optional.of(Rejection.GROUP_FULL);
    }
    if (!members.contains(actor) || !members.containsAll(created.getAdmins())) {
      return Optional.of(Rejection.INVALID_MEMBERS);
    }
    return Optional.empty();
  }

  /** State of a conversation that passed {@link #checkCreate}: no messages, every cursor at 0. */
  ConversationState create(ConversationCreated created) {
    Map<String, MemberState> members = new HashMap<>();
    for (String member : created.getMembers()) {
      members.put(member, new MemberState(0L, 0L));
    }
    return ConversationState.newBuilder()
        .setKind(ConversationType.valueOf(created.getKind().name()))
        .setName(created.getKind() == ConversationKind.DIRECT ? null : created.getName())
        .setLastSeq(0L)
        .setAdmins(new ArrayList<>(new LinkedHashSet<>(created.getAdmins())))
        .setMembers(members)
        .build();
  }

  /**
   * Only a member may add someone. The newcomer's cursors start at last_seq: they receive only
   * later messages, so nothing before their join counts as undelivered or unread.
   */
  Optional<Rejection> join(ConversationState state, String actor, String user) {
    if (state.getKind() == ConversationType.DIRECT) {
      return Optional.of(Rejection.DIRECT_MEMBERSHIP_FIXED);
    }
    if (!isMember(state, actor)) {
      return Optional.of(Rejection.ACTOR_NOT_MEMBER);
    }
    if (isMember(state, user)) {
      return Optional.of(Rejection.ALREADY_MEMBER);
    }
    if (state.getMembers().size() >= maxMembers) {
      return Optional.of(Rejection.GROUP_FULL);
    }
    state.getMembers().put(user, new MemberState(state.getLastSeq(), state.getLastSeq()));
    return Optional.empty();
  }

  /** An admin may remove anyone, anyone may remove themself; the member's cursor and admin role go. */
  Optional<Rejection> leave(ConversationState state, String actor, String user) {
    if (state.getKind() == ConversationType.DIRECT) {
      return Optional.of(Rejection.DIRECT_MEMBERSHIP_FIXED);
    }
    if (!actor.equals(user) && !state.getAdmins().contains(actor)) {
      return Optional.of(Rejection.NOT_ALLOWED);
    }
    if (!isMember(state, user)) {
      return Optional.of(Rejection.NOT_A_MEMBER);
    }
    state.getMembers().remove(user);
    List<String> admins = new ArrayList<>(state.getAdmins());
    admins.remove(user); // a re-joining member must not regain admin rights silently
    state.setAdmins(admins);
    return Optional.empty();
  }

  Optional<Rejection> checkSender(ConversationState state, String sender) {
    return isMember(state, sender) ? Optional.empty() : Optional.of(Rejection.ACTOR_NOT_MEMBER);
  }

  /** Assigns the next sequence number; the sender has delivered and read their own message. */
  long append(ConversationState state, String sender) {
    long seq = state.getLastSeq() + 1;
    state.setLastSeq(seq);
    MemberState cursor = state.getMembers().get(sender);
    cursor.setDeliveredUpTo(seq);
    cursor.setReadUpTo(seq);
    return seq;
  }

  /**
   * Moves a member's cursor forward only, never past last_seq; reading implies delivery.
   * A receipt that changes nothing is {@link Rejection#STALE_RECEIPT}.
   */
  Optional<Rejection> receipt(ConversationState state, String user, ReceiptKind kind, long upToSeq) {
    MemberState cursor = state.getMembers().get(user);
    if (cursor == null) {
      return Optional.of(Rejection.NOT_A_MEMBER);
    }
    long target = Math.max(0L, Math.min(upToSeq, state.getLastSeq()));
    long read = kind == ReceiptKind.READ ? Math.max(cursor.getReadUpTo(), target) : cursor.getReadUpTo();
    long delivered = Math.max(Math.max(cursor.getDeliveredUpTo(), read),
        kind == ReceiptKind.DELIVERED ? target : 0L);
    if (read == cursor.getReadUpTo() && delivered == cursor.getDeliveredUpTo()) {
      return Optional.of(Rejection.STALE_RECEIPT);
    }
    cursor.setReadUpTo(read);
    cursor.setDeliveredUpTo(delivered);
    return Optional.empty();
  }

  static boolean isMember(ConversationState state, String user) {
    return state.getMembers().containsKey(user);
  }
}
