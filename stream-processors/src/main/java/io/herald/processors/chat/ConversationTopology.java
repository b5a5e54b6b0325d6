package io.herald.processors.chat;

import io.herald.processors.chat.state.ConversationState;
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
 * Chat core: per-conversation membership, ordered fan-out with sequence numbers, and receipt
 * cursors.
 *
 * <pre>
 * conversations ─► conversation-events ─┬─► inbox           (Delivery, key recipient_id)
 *                  [chat-send-dedup]     └─► delivery-state  (DeliveryState, key conversation_id)
 * receipts ──────► receipts ───────────────► delivery-state
 *                  both processors share [chat-conversations]: one ConversationState per conversation
 * </pre>
 *
 * <p><b>Co-partitioning.</b> {@code conversations} and {@code receipts} must have the same
 * partition count and keep the default partitioner on the conversation_id key, so a
 * conversation's events and receipts land in the same task as its state. Kafka Streams checks
 * co-partitioning only for DSL joins, not for Processor API nodes sharing a store; a mismatch
 * would show as receipts rejected with {@code unknown-conversation}. Topic provisioning must
 * guarantee it (the catalog creates every topic with the same count).
 *
 * <p><b>Processing guarantee: exactly_once_v2, required.</b> Assigning seq n, remembering the
 * send in the dedup store and writing its n deliveries must commit atomically with the input
 * offset. Under at_least_once a crash between them either re-assigns the message a second seq
 * (state restored behind the output) or drops it as a duplicate whose deliveries were never
 * written (dedup entry flushed ahead of the output): a lost or doubled message, which clients
 * resuming by seq cannot repair. A downstream-idempotent alternative would need seq assignment
 * to be replay-stable, which is exactly what needs the atomic commit. So {@link
 * #requireExactlyOnce} fails the task at start-up unless the app runs exactly_once_v2; run this
 * topology in its own KafkaStreams instance if others in the process are at_least_once.
 *
 * <p><b>Latency.</b> Output event ids are deterministic ({@link ChatOutputs}) and a retried
 * transaction recomputes the same seqs from the restored state, so the gateway reads {@code inbox}
 * and {@code delivery-state} uncommitted and drops repeats by (conversation, seq): chat sockets do
 * not wait for the commit. {@code read_committed} readers (projector, notifications) see outputs
 * when the transaction commits, every {@code commit.interval.ms}. Details in docs/architecture.md.
 *
 * <p><b>State and its bounds.</b> {@value #CONVERSATION_STORE}: persistent key-value,
 * changelogged, cached (coalesces changelog writes per commit); one entry per conversation ever
 * created (no delete event exists yet), each O(members) with members capped by {@link
 * ConversationLimits#maxMembers()}. {@value #SEND_DEDUP_STORE}: persistent window store,
 * changelogged; one entry per send accepted within {@link ConversationLimits#dedupWindow()} of
 * stream time (24 h by default; segments drop after up to 1.5x that).
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
    Topology topology = new Topology();
    topology.addSource(CONVERSATIONS_SOURCE, Topics.CONVERSATIONS.keySerde().deserializer(),
        Topics.CONVERSATIONS.valueSerde().deserializer(), Topics.CONVERSATIONS.name());
    topology.addSource(RECEIPTS_SOURCE, Topics.RECEIPTS.keySerde().deserializer(),
        Topics.RECEIPTS.valueSerde().deserializer(), Topics.RECEIPTS.name());
    topology.addProcessor(EVENTS_PROCESSOR, () -> new ConversationEventProcessor(limits), CONVERSATIONS_SOURCE);
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
