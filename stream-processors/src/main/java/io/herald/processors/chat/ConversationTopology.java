package io.herald.processors.chat;

import io.herald.processors.chat.state.ConversationState;
import io.herald.kafka.tracing.RecordTracing;
import io.herald.processors.TracedRecords;
import io.herald.schemas.serde.AvroSerde;
import io.herald.schemas.topics.Topics;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Chat core: per conversation, membership in topic order, one gap-free seq per accepted message
 * and one delivery per member, and receipt cursors; exactly-once (seq, dedup and fan-out commit
 * with the input offset).
 *
 * <pre>
 * conversations ─► conversation-events ─┬─► inbox           (Delivery, key recipient_id)
 *                  [chat-send-dedup]     └─► delivery-state  (DeliveryState, key conversation_id)
 * receipts ──────► receipts ───────────────► delivery-state
 *                  both processors share [chat-conversations]: one ConversationState per conversation
 * </pre>
 *
 * Co-partitioning, why exactly-once is required ({@link #requireExactlyOnce}), latency and state
 * bounds: docs/architecture.md, "Chat: ordering and fan-out". With tracing on, each conversation
 * event is processed inside a span continuing its trace, which its deliveries carry on.
 */
public final class ConversationTopology {

  public static final String CONVERSATIONS_SOURCE = "conversations-source";
  public static final String RECEIPTS_SOURCE = "receipts-source";
  public static final String EVENTS_PROCESSOR = "conversation-events";
  public static final String RECEIPTS_PROCESSOR = "receipts";
  public static final String INBOX_SINK = "inbox-sink";
  public static final String DELIVERY_STATE_SINK = "delivery-state-sink";
  /** Store (and changelog topic {@code <application.id>-chat-conversations-changelog}). */
  public static final String CONVERSATION_STORE = "chat-conversations";
  /** Store (and changelog topic {@code <application.id>-chat-send-dedup-changelog}). */
  public static final String SEND_DEDUP_STORE = "chat-send-dedup";

  private ConversationTopology() {}

  public static Topology build() {
    return build(ConversationLimits.DEFAULTS);
  }

  public static Topology build(ConversationLimits limits) {
    return build(limits, RecordTracing.OFF);
  }

  public static Topology build(ConversationLimits limits, RecordTracing tracing) {
    Topology topology = new Topology();
    topology.addSource(CONVERSATIONS_SOURCE, Topics.CONVERSATIONS.keySerde().deserializer(),
        Topics.CONVERSATIONS.valueSerde().deserializer(), Topics.CONVERSATIONS.name());
    topology.addSource(RECEIPTS_SOURCE, Topics.RECEIPTS.keySerde().deserializer(),
        Topics.RECEIPTS.valueSerde().deserializer(), Topics.RECEIPTS.name());
    topology.addProcessor(EVENTS_PROCESSOR, TracedRecords.processor(tracing, "conversation-events",
        () -> new ConversationEventProcessor(limits)), CONVERSATIONS_SOURCE);
    topology.addProcessor(RECEIPTS_PROCESSOR, () -> new ReceiptProcessor(limits), RECEIPTS_SOURCE);
    topology.addStateStore(conversationStore(), EVENTS_PROCESSOR, RECEIPTS_PROCESSOR);
    topology.addStateStore(sendDedupStore(limits), EVENTS_PROCESSOR);
    topology.addSink(INBOX_SINK, Topics.INBOX.name(), Topics.INBOX.keySerde().serializer(),
        Topics.INBOX.valueSerde().serializer(), EVENTS_PROCESSOR);
    topology.addSink(DELIVERY_STATE_SINK, Topics.DELIVERY_STATE.name(), Topics.DELIVERY_STATE.keySerde().serializer(),
        Topics.DELIVERY_STATE.valueSerde().serializer(), EVENTS_PROCESSOR, RECEIPTS_PROCESSOR);
    return topology;
  }

  /** Streams settings this topology cannot run without; the app merges them into its config. */
  public static Map<String, Object> requiredConfig() {
    return Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
  }

  /** Fails fast (the task does not start) unless the app runs exactly_once_v2; see the class doc. */
  static void requireExactlyOnce(Map<String, Object> appConfigs) {
    Object guarantee = appConfigs.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
    if (!StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee)) {
      throw new IllegalStateException("the conversation topology requires " + StreamsConfig.PROCESSING_GUARANTEE_CONFIG
          + "=" + StreamsConfig.EXACTLY_ONCE_V2 + " (seq assignment, dedup and fan-out must commit atomically), got "
          + guarantee);
    }
  }

  private static StoreBuilder<KeyValueStore<String, ConversationState>> conversationStore() {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CONVERSATION_STORE), Serdes.String(),
        AvroSerde.of(ConversationState.class)).withCachingEnabled();
  }

  private static StoreBuilder<WindowStore<String, Long>> sendDedupStore(ConversationLimits limits) {
    // window size = retention: an entry is one point in time, kept for the whole window
    return Stores.windowStoreBuilder(Stores.persistentWindowStore(SEND_DEDUP_STORE, limits.dedupWindow(),
        limits.dedupWindow(), false), Serdes.String(), Serdes.Long());
  }
}
