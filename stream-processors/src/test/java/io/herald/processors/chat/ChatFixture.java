package io.herald.processors.chat;

import io.herald.events.ConversationCreated;
import io.herald.events.ConversationEvent;
import io.herald.events.ConversationKind;
import io.herald.events.Delivery;
import io.herald.events.DeliveryState;
import io.herald.events.MemberJoined;
import io.herald.events.MemberLeft;
import io.herald.events.MessageSent;
import io.herald.events.Receipt;
import io.herald.events.ReceiptKind;
import io.herald.kafka.tracing.RecordTracing;
import io.herald.processors.dlq.DeadLetterDeserializationHandler;
import io.herald.schemas.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A TopologyTestDriver around the conversation topology, with one-line event builders. */
final class ChatFixture implements AutoCloseable {

  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  final TopologyTestDriver driver;
  final TestInputTopic<String, ConversationEvent> conversations;
  final TestInputTopic<String, byte[]> rawConversations;
  final TestInputTopic<String, Receipt> receipts;
  final TestOutputTopic<String, Delivery> inbox;
  final TestOutputTopic<String, DeliveryState> deliveryState;
  final TestOutputTopic<byte[], byte[]> conversationsDlq;
  private int messageCounter;

  ChatFixture() {
    this(ConversationLimits.DEFAULTS, StreamsConfig.EXACTLY_ONCE_V2);
  }

  ChatFixture(ConversationLimits limits, String guarantee) {
    this(limits, guarantee, new Properties());
  }

  ChatFixture(ConversationLimits limits, String guarantee, Properties overrides) {
    this(limits, guarantee, overrides, RecordTracing.OFF);
  }

  ChatFixture(ConversationLimits limits, String guarantee, Properties overrides, RecordTracing tracing) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "chat-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
    props.put(StreamsConfig.STATE_DIR_CONFIG, tempStateDir()); // one per driver: two may run side by side
    props.putAll(overrides);
    driver = new TopologyTestDriver(ConversationTopology.build(limits, tracing), props, START);
    conversations = driver.createInputTopic(Topics.CONVERSATIONS.name(), new StringSerializer(),
        Topics.CONVERSATIONS.valueSerde().serializer(), START, Duration.ofSeconds(1));
    rawConversations = driver.createInputTopic(Topics.CONVERSATIONS.name(), new StringSerializer(),
        new ByteArraySerializer());
    receipts = driver.createInputTopic(Topics.RECEIPTS.name(), new StringSerializer(),
        Topics.RECEIPTS.valueSerde().serializer(), START, Duration.ofSeconds(1));
    inbox = driver.createOutputTopic(Topics.INBOX.name(), Topics.INBOX.keySerde().deserializer(),
        Topics.INBOX.valueSerde().deserializer());
    deliveryState = driver.createOutputTopic(Topics.DELIVERY_STATE.name(),
        Topics.DELIVERY_STATE.keySerde().deserializer(), Topics.DELIVERY_STATE.valueSerde().deserializer());
    conversationsDlq = driver.createOutputTopic(Topics.CONVERSATIONS.dlq(),
        Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
  }

  private static String tempStateDir() {
    try {
      return Files.createTempDirectory("chat-state").toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void createGroup(String id, String actor, List<String> members, List<String> admins) {
    pipe(id, actor, new ConversationCreated(ConversationKind.GROUP, "team", members, admins));
  }

  void createDirect(String id, String actor, List<String> members) {
    pipe(id, actor, new ConversationCreated(ConversationKind.DIRECT, null, members, List.of()));
  }

  void join(String id, String actor, String user) {
    pipe(id, actor, new MemberJoined(user));
  }

  void leave(String id, String actor, String user) {
    pipe(id, actor, new MemberLeft(user));
  }

  /** Sends with a fresh client_msg_id; returns the message_id. */
  String send(String id, String sender) {
    return send(id, sender, "c-" + (++messageCounter));
  }

  String send(String id, String sender, String clientMsgId) {
    String messageId = "m-" + sender + "-" + clientMsgId;
    pipe(id, sender, new MessageSent(messageId, clientMsgId, "dev-1", "text/plain", "hello " + clientMsgId));
    return messageId;
  }

  void pipe(String id, String actor, Object payload) {
    conversations.pipeInput(id, event(id, actor, payload));
  }

  /** As {@link #pipe}, the record carrying {@code headers}. */
  void pipe(String id, String actor, Object payload, org.apache.kafka.common.header.Headers headers) {
    conversations.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(id, event(id, actor, payload), headers, START));
  }

  ConversationEvent event(String id, String actor, Object payload) {
    return new ConversationEvent(UUID.randomUUID(), START, id, actor, payload);
  }

  void receipt(String id, String user, ReceiptKind kind, long upTo) {
    receipts.pipeInput(id, new Receipt(UUID.randomUUID(), START, id, user, "dev-1", kind, upTo));
  }

  /** Total of the rejection metric for a reason, over every task and processor. */
  double rejected(Rejection reason) {
    double total = 0;
    for (var e : driver.metrics().entrySet()) {
      MetricName name = e.getKey();
      if (name.name().equals(RejectionCounter.METRIC) && name.group().equals(RejectionCounter.GROUP)
          && reason.tag().equals(name.tags().get("reason"))) {
        total += ((Number) ((Metric) e.getValue()).metricValue()).doubleValue();
      }
    }
    return total;
  }

  /** Drains both outputs so a test can assert on what a later step emits. */
  void drain() {
    inbox.readRecordsToList();
    deliveryState.readRecordsToList();
  }

  @Override
  public void close() {
    driver.close();
  }
}
