package io.herald.processors.notifications;

import io.herald.events.Delivery;
import io.herald.events.DeviceTokenAdded;
import io.herald.events.NotificationRequest;
import io.herald.events.NotificationSettings;
import io.herald.events.PresenceState;
import io.herald.events.PresenceStatus;
import io.herald.events.ProfileChanged;
import io.herald.events.QuietHours;
import io.herald.events.Receipt;
import io.herald.events.ReceiptKind;
import io.herald.events.UserEvent;
import io.herald.events.UserRegistered;
import io.herald.events.UserRole;
import io.herald.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A TopologyTestDriver around the notifications topology, with builders for its input events and a wall clock moved in steps. */
final class NotificationFixture implements AutoCloseable {

  static final Instant START = Instant.parse("2026-01-01T12:00:00Z");
  private static final Duration STEP = Duration.ofSeconds(5);

  final NotificationLimits limits;
  private final TopologyTestDriver driver;
  private final TestInputTopic<String, UserEvent> users;
  private final TestInputTopic<String, Delivery> inbox;
  private final TestInputTopic<String, PresenceState> presence;
  private final TestInputTopic<String, Receipt> receipts;
  private final TestOutputTopic<String, NotificationRequest> requests;
  private Instant now = START;
  private long seq;

  NotificationFixture(NotificationLimits limits) {
    this.limits = limits;
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "notifications-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/ttd-" + UUID.randomUUID());
    driver = new TopologyTestDriver(NotificationTopology.build(limits), props, START);
    users = driver.createInputTopic(Topics.USERS.name(), new StringSerializer(), Topics.USERS.valueSerde().serializer());
    inbox = driver.createInputTopic(Topics.INBOX.name(), new StringSerializer(), Topics.INBOX.valueSerde().serializer());
    presence = driver.createInputTopic(Topics.PRESENCE_STATE.name(), new StringSerializer(),
        Topics.PRESENCE_STATE.valueSerde().serializer());
    receipts = driver.createInputTopic(Topics.RECEIPTS.name(), new StringSerializer(), Topics.RECEIPTS.valueSerde().serializer());
    requests = driver.createOutputTopic(Topics.NOTIFICATION_REQUESTS.name(), new StringDeserializer(),
        Topics.NOTIFICATION_REQUESTS.valueSerde().deserializer());
  }

  NotificationFixture() {
    this(new NotificationLimits(Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofSeconds(1),
        50, 10, 140));
  }

  void registered(String userId, String name, String email) {
    user(userId, new UserRegistered(email, name, UserRole.CUSTOMER, List.of()));
  }

  void device(String userId, String token) {
    user(userId, new DeviceTokenAdded("dev-" + token, token, "android", "en"));
  }

  void settings(String userId, boolean push, boolean digest, QuietHours quiet, List<String> muted) {
    user(userId, new ProfileChanged(null, null, null, new NotificationSettings(push, digest, quiet, muted), null));
  }

  void user(String userId, Object payload) {
    users.pipeInput(userId, UserEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now).setUserId(userId)
        .setPayload(payload).build(), now);
  }

  void online(String userId) {
    presence.pipeInput(userId, new PresenceState(UUID.randomUUID(), now, userId, PresenceStatus.ONLINE, List.of("phone"), now), now);
  }

  void offline(String userId) {
    presence.pipeInput(userId, new PresenceState(UUID.randomUUID(), now, userId, PresenceStatus.OFFLINE, List.of(), now), now);
  }

  /** A message from {@code sender} to {@code recipient} in {@code conversation}; returns its seq. */
  long message(String conversation, String sender, String recipient, String body) {
    long s = ++seq;
    inbox.pipeInput(recipient, Delivery.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now).setRecipientId(recipient)
        .setConversationId(conversation).setSeq(s).setMessageId("m" + s).setClientMsgId("c" + s).setSenderId(sender)
        .setBody(body).setSentAt(now).build(), now);
    return s;
  }

  void read(String conversation, String userId, long upTo) {
    receipts.pipeInput(conversation, new Receipt(UUID.randomUUID(), now, conversation, userId, "tablet", ReceiptKind.READ, upTo), now);
  }

  /** Moves the wall clock in steps of at most five seconds, ending exactly at the target, so punctuations fire near their time. */
  void elapse(Duration d) {
    Instant end = now.plus(d);
    while (now.isBefore(end)) {
      Duration step = Duration.between(now, end).compareTo(STEP) < 0 ? Duration.between(now, end) : STEP;
      now = now.plus(step);
      driver.advanceWallClockTime(step);
    }
  }

  Instant now() {
    return now;
  }

  List<NotificationRequest> requests() {
    return requests.readValuesToList();
  }

  /** Every topic the topology has written so far, its internal repartition topics included. */
  java.util.Set<String> producedTopics() {
    return driver.producedTopicNames();
  }

  @Override
  public void close() {
    driver.close();
  }
}
