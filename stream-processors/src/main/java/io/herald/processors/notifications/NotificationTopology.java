package io.herald.processors.notifications;

import io.herald.events.Delivery;
import io.herald.events.Receipt;
import io.herald.events.ReceiptKind;
import io.herald.processors.notifications.state.NotificationPending;
import io.herald.processors.notifications.state.NotificationProfile;
import io.herald.schemas.serde.AvroSerde;
import io.herald.schemas.topics.TopicSpec;
import io.herald.schemas.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Who to notify, by which channel, and when: a delivery to a recipient with no live session becomes
 * at most one PUSH per conversation per window and one EMAIL digest per offline spell (after a
 * delay); nothing for one's own messages, muted conversations, or what was read before the window
 * closed; quiet hours defer. Details and reasons: docs/architecture.md, "Notifications".
 *
 * <pre>
 * users ──────────────► profile-recorder ─► [notification-profiles]
 * inbox ─► offline-gate ─► by sender ─► sender-namer (reads the sender's profile, adds their name)
 *          [pending]                   └► by recipient ─┐
 * presence-state ───────────────────────────────────────┼─► decider ─► notification-requests
 * receipts (READ) ─► by reader ─────────────────────────┘   [notification-pending] [notification-timers]
 * </pre>
 *
 * <p>Everything meets in one sub-topology keyed by user_id ({@code inbox} is keyed by recipient;
 * the repartitions make the other streams co-partitioned with {@code users} and
 * {@code presence-state}). Only deliveries to recipients without a live session pass the gate and
 * take the two repartitions that name their sender; the decider checks presence again when they
 * arrive. Processing guarantee
 * exactly_once_v2 by default: the punctuator's output and the state that says "sent" commit together.
 */
public final class NotificationTopology {

  public static final String PROFILE_STORE = "notification-profiles";
  public static final String PENDING_STORE = "notification-pending";
  public static final String TIMER_STORE = "notification-timers";

  private NotificationTopology() {}

  public static Topology build(NotificationLimits limits) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROFILE_STORE), Serdes.String(),
        AvroSerde.of(NotificationProfile.class)));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE), Serdes.String(),
        AvroSerde.of(NotificationPending.class)));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TIMER_STORE), Serdes.String(),
        Serdes.Long()));

    builder.stream(Topics.USERS.name(), consumed(Topics.USERS, "notification-users-source"))
        .process(() -> new ProfileRecorder(limits), Named.as("notification-profile-recorder"), PROFILE_STORE);

    KStream<String, SpecificRecord> deliveries = builder.stream(Topics.INBOX.name(), consumed(Topics.INBOX, "notification-inbox-source"))
        .filter((k, d) -> d != null && !d.getSenderId().equals(d.getRecipientId()), Named.as("notification-not-own"))
        .processValues(OfflineGate::new, Named.as("notification-offline-gate"), PENDING_STORE)
        .selectKey((k, d) -> d.getSenderId(), Named.as("notification-key-by-sender"))
        .repartition(Repartitioned.with(Serdes.String(), Topics.INBOX.valueSerde()).withName("notification-by-sender"))
        .processValues(SenderNamer::new, Named.as("notification-sender-namer"), PROFILE_STORE)
        .selectKey((k, d) -> d.getRecipientId(), Named.as("notification-key-by-recipient"))
        .repartition(Repartitioned.with(Serdes.String(), Topics.INBOX.valueSerde()).withName("notification-by-recipient"))
        .mapValues(d -> (SpecificRecord) d, Named.as("notification-deliveries"));

    KStream<String, SpecificRecord> presence = builder.stream(Topics.PRESENCE_STATE.name(),
            consumed(Topics.PRESENCE_STATE, "notification-presence-source"))
        .mapValues(p -> (SpecificRecord) p, Named.as("notification-presence"));

    KStream<String, SpecificRecord> reads = builder.stream(Topics.RECEIPTS.name(), consumed(Topics.RECEIPTS, "notification-receipts-source"))
        .filter((k, r) -> r != null && r.getKind() == ReceiptKind.READ, Named.as("notification-reads-only"))
        .selectKey((k, r) -> r.getUserId(), Named.as("notification-key-by-reader"))
        .repartition(Repartitioned.<String, Receipt>with(Serdes.String(), Topics.RECEIPTS.valueSerde()).withName("notification-by-reader"))
        .mapValues(r -> (SpecificRecord) r, Named.as("notification-reads"));

    deliveries.merge(presence, Named.as("notification-merge-presence")).merge(reads, Named.as("notification-merge-reads"))
        .process(() -> new NotificationDecider(limits), Named.as("notification-decider"), PROFILE_STORE, PENDING_STORE, TIMER_STORE)
        .to(Topics.NOTIFICATION_REQUESTS.name(), Produced.with(Topics.NOTIFICATION_REQUESTS.keySerde(),
            Topics.NOTIFICATION_REQUESTS.valueSerde()).withName("notification-requests-sink"));
    return builder.build();
  }

  private static <V> Consumed<String, V> consumed(TopicSpec<String, V> topic, String name) {
    return Consumed.with(topic.keySerde(), topic.valueSerde()).withName(name);
  }
}
