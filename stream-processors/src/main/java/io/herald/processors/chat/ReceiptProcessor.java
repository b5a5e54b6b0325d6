package io.herald.processors.chat;

import io.herald.events.Receipt;
import io.herald.processors.chat.state.ConversationState;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Moves members' delivered/read cursors from receipts, in the same task and store as the
 * conversation's events (receipts are co-partitioned with conversations by conversation_id).
 * Emits the conversation's {@code DeliveryState} when a cursor moved, so senders see ticks change.
 */
final class ReceiptProcessor implements Processor<String, Receipt, String, SpecificRecord> {

  private final ConversationRules rules;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, ConversationState> conversations;
  private RejectionCounter rejections;

  ReceiptProcessor(ConversationLimits limits) {
    this.rules = new ConversationRules(limits);
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.conversations = context.getStateStore(ConversationTopology.CONVERSATION_STORE);
    this.rejections = new RejectionCounter(context, ConversationTopology.RECEIPTS_PROCESSOR);
  }

  @Override
  public void process(Record<String, Receipt> record) {
    Receipt receipt = record.value();
    String id = record.key();
    if (receipt == null || !receipt.getConversationId().equals(id)) {
      rejections.count(Rejection.MALFORMED, id, receipt == null ? null : receipt.getUserId(),
          receipt == null ? null : receipt.getEventId());
      return;
    }
    ConversationState state = conversations.get(id);
    Optional<Rejection> rejected = state == null
        ? Optional.of(Rejection.UNKNOWN_CONVERSATION)
        : rules.receipt(state, receipt.getUserId(), receipt.getKind(), receipt.getUpToSeq());
    if (rejected.isPresent()) {
      rejections.count(rejected.get(), id, receipt.getUserId(), receipt.getEventId());
      return;
    }
    conversations.put(id, state);
    context.forward(record.withValue((SpecificRecord) ChatOutputs.deliveryState(id, state, receipt.getEventId(),
        Instant.ofEpochMilli(record.timestamp()))), ConversationTopology.DELIVERY_STATE_SINK);
  }

  @Override
  public void close() {
    if (rejections != null) {
      rejections.close();
    }
  }
}
