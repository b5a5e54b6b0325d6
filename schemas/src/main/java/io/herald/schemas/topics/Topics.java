package io.herald.schemas.topics;

import io.herald.events.CheckoutCompleted;
import io.herald.events.ConversationEvent;
import io.herald.events.Delivery;
import io.herald.events.DeliveryState;
import io.herald.events.GatewayHeartbeat;
import io.herald.events.NotificationRequest;
import io.herald.events.PresenceEvent;
import io.herald.events.PresenceState;
import io.herald.events.Receipt;
import io.herald.events.ShopMessage;
import io.herald.events.ShopStats;
import io.herald.events.UserEvent;
import io.herald.schemas.serde.AvroSerde;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic catalog: every Herald topic, its key and its value contract. Modules refer to topics
 * only through these constants. Keys are UTF-8 strings (the id named below).
 */
public final class Topics {

  private static final long WEEK_MS = 7L * 24 * 3600 * 1000;
  private static final long FOREVER = -1L;

  /** key shop_id. */
  public static final TopicSpec<String, CheckoutCompleted> CHECKOUTS = spec("checkouts", CheckoutCompleted.class, false, FOREVER);
  /** key shop_id. */
  public static final TopicSpec<String, ShopMessage> SHOP_MESSAGES = spec("shop-messages", ShopMessage.class, false, WEEK_MS * 4);
  /** key conversation_id; membership and messages in one order. */
  public static final TopicSpec<String, ConversationEvent> CONVERSATIONS = spec("conversations", ConversationEvent.class, false, FOREVER);
  /** key conversation_id. */
  public static final TopicSpec<String, Receipt> RECEIPTS = spec("receipts", Receipt.class, false, WEEK_MS);
  /** key user_id. */
  public static final TopicSpec<String, PresenceEvent> PRESENCE = spec("presence", PresenceEvent.class, false, 24L * 3600 * 1000);
  /** key gateway_id. */
  public static final TopicSpec<String, GatewayHeartbeat> GATEWAY_LIVENESS = spec("gateway-liveness", GatewayHeartbeat.class, false, 3600L * 1000);
  /** key user_id. */
  public static final TopicSpec<String, UserEvent> USERS = spec("users", UserEvent.class, false, FOREVER);
  /** key recipient user_id; derived. */
  public static final TopicSpec<String, Delivery> INBOX = spec("inbox", Delivery.class, false, WEEK_MS * 4);
  /**
   * key recipient user_id; derived: {@code inbox} records copied to the partition of each gateway slot
   * holding a session of the recipient (routed gateways read only their slot's partition). Short-lived:
   * gateways read it from the end.
   */
  public static final TopicSpec<String, Delivery> INBOX_ROUTES = spec("inbox-routes", Delivery.class, false, 3600L * 1000);
  /** key conversation_id; derived, compacted. */
  public static final TopicSpec<String, DeliveryState> DELIVERY_STATE = spec("delivery-state", DeliveryState.class, true, FOREVER);
  /** key user_id; derived, compacted. */
  public static final TopicSpec<String, PresenceState> PRESENCE_STATE = spec("presence-state", PresenceState.class, true, FOREVER);
  /** key shop_id; derived. */
  public static final TopicSpec<String, ShopStats> SHOP_STATS = spec("shop-stats", ShopStats.class, false, WEEK_MS);
  /** key user_id; derived. */
  public static final TopicSpec<String, NotificationRequest> NOTIFICATION_REQUESTS = spec("notification-requests", NotificationRequest.class, false, WEEK_MS);

  public static final List<TopicSpec<String, ?>> ALL = List.of(CHECKOUTS, SHOP_MESSAGES, CONVERSATIONS, RECEIPTS,
      PRESENCE, GATEWAY_LIVENESS, USERS, INBOX, INBOX_ROUTES, DELIVERY_STATE, PRESENCE_STATE, SHOP_STATS, NOTIFICATION_REQUESTS);

  private Topics() {}

  private static <V extends SpecificRecord> TopicSpec<String, V> spec(String name, Class<V> type, boolean compacted, long retentionMs) {
    return new TopicSpec<>(name, Serdes.String(), AvroSerde.of(type), type, compacted, retentionMs);
  }

  public static TopicSpec<String, ?> byName(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not a Herald topic: " + name));
  }
}
