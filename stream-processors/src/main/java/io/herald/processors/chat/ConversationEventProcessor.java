package io.herald.processors.chat;

import io.herald.events.ConversationCreated;
import io.herald.events.ConversationEvent;
import io.herald.events.MemberJoined;
import io.herald.events.MemberLeft;
import io.herald.events.MessageSent;
import io.herald.processors.chat.state.ConversationState;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Applies a conversation's events in topic order: membership changes, and messages, which get
 * the next sequence number and one {@code Delivery} per current member (the sender included, for
 * their other devices). Every applied change emits the conversation's {@code DeliveryState}.
 */
final class ConversationEventProcessor implements Processor<String, ConversationEvent, String, SpecificRecord> {

  private final ConversationLimits limits;
  private final ConversationRules rules;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, ConversationState> conversations;
  private SendDedup dedup;
  private RejectionCounter rejections;

  ConversationEventProcessor(ConversationLimits limits) {
    this.limits = limits;
    this.rules = new ConversationRules(limits);
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    ConversationTopology.requireExactlyOnce(context.appConfigs());
    this.context = context;
    this.conversations = context.getStateStore(ConversationTopology.CONVERSATION_STORE);
    WindowStore<String, Long> sends = context.getStateStore(ConversationTopology.SEND_DEDUP_STORE);
    this.dedup = new SendDedup(sends, limits.dedupWindow());
    this.rejections = new RejectionCounter(context, ConversationTopology.EVENTS_PROCESSOR);
  }

  @Override
  public void process(Record<String, ConversationEvent> record) {
    ConversationEvent event = record.value();
    String id = record.key();
    if (event == null || !event.getConversationId().equals(id)) {
      rejections.count(Rejection.MALFORMED, id, event == null ? null : event.getActorId(),
          event == null ? null : event.getEventId());
      return;
    }
    ConversationState state = conversations.get(id);
    Object payload = event.getPayload();
    Optional<Rejection> rejected;
    if (payload instanceof ConversationCreated created) {
      rejected = state != null ? Optional.of(Rejection.ALREADY_EXISTS) : rules.checkCreate(event.getActorId(), created);
      if (rejected.isEmpty()) {
        state = rules.create(created);
      }
    } else if (state == null) {
      rejected = Optional.of(Rejection.UNKNOWN_CONVERSATION);
    } else if (payload instanceof MemberJoined joined) {
      rejected = rules.join(state, event.getActorId(), joined.getUserId());
    } else if (payload instanceof MemberLeft left) {
      rejected = rules.leave(state, event.getActorId(), left.getUserId());
    } else if (payload instanceof MessageSent message) {
      rejected = send(record, state, message);
    } else {
      rejected = Optional.of(Rejection.MALFORMED); // a union branch this build does not know
    }
    if (rejected.isPresent()) {
      rejections.count(rejected.get(), id, event.getActorId(), event.getEventId());
      return;
    }
    conversations.put(id, state);
    context.forward(record.withValue((SpecificRecord) ChatOutputs.deliveryState(id, state, event.getEventId(),
        Instant.ofEpochMilli(record.timestamp()))), ConversationTopology.DELIVERY_STATE_SINK);
  }

  /** Sequences and fans out a message; the caller stores the state and emits the cursors. */
  private Optional<Rejection> send(Record<String, ConversationEvent> record, ConversationState state,
                                   MessageSent message) {
    ConversationEvent event = record.value();
    String id = record.key();
    String sender = event.getActorId();
    Optional<Rejection> notMember = rules.checkSender(state, sender);
    if (notMember.isPresent()) {
      return notMember;
    }
    OptionalLong first = dedup.firstSeq(id, sender, message.getClientMsgId(), record.timestamp());
    if (first.isPresent()) {
      return Optional.of(Rejection.DUPLICATE_MESSAGE);
    }
    long seq = rules.append(state, sender);
    dedup.remember(id, sender, message.getClientMsgId(), record.timestamp(), seq);
    Instant at = Instant.ofEpochMilli(record.timestamp());
    // sorted: a replay forwards the same records in the same order
    for (String recipient : new TreeSet<>(state.getMembers().keySet())) {
      context.forward(record.withKey(recipient).withValue((SpecificRecord) ChatOutputs.delivery(id, seq, recipient,
          sender, message, event.getOccurredAt(), at)), ConversationTopology.INBOX_SINK);
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    if (rejections != null) {
      rejections.close();
    }
  }
}
