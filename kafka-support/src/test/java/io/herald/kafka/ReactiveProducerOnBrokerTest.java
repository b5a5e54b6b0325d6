package io.herald.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.kafka.tracing.RecordTracing;
import io.herald.testkit.HeraldInfra;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bridge's own producer on a real broker: sends on the caller's event loop, never blocks it (a
 * topic without metadata is waited for on a timer), and hands the acknowledgement back to that loop.
 */
class ReactiveProducerOnBrokerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static Admin admin;
  private static EventLoop loop;

  /** Records the thread each send ran on (the broker does not create topics on demand: {@code BrokerDefaults}). */
  public static final class SendThreads implements ProducerInterceptor<String, String> {
    static final List<String> THREADS = new CopyOnWriteArrayList<>();

    @Override
    public ProducerRecord<String, String> onSend(ProducerRecord<String, String> record) {
      THREADS.add(record.topic() + "@" + Thread.currentThread().getName());
      return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

    @Override
    public void close() {}

    @Override
    public void configure(Map<String, ?> configs) {}
  }

  @BeforeAll
  static void start() {
    admin = Admin.create(HeraldInfra.adminConfig());
    loop = new DefaultEventLoop((ThreadFactory) r -> new Thread(r, "test-event-loop"));
  }

  @AfterAll
  static void stop() throws Exception {
    admin.close();
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  private static ReactiveProducer<String, String> producer(Duration maxBlock) {
    return ReactiveProducer.create(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, HeraldInfra.kafkaBootstrapServers(),
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000, // overridden: the bridge's producer never blocks
        ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, SendThreads.class.getName()),
        new StringSerializer(), new StringSerializer(), maxBlock);
  }

  private static String newTopic() throws Exception {
    String topic = "reactive-producer-" + UUID.randomUUID();
    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    return topic;
  }

  /** Subscribes on the event loop; completes with the thread the result arrived on. */
  private static CompletableFuture<String> sendFromLoop(ReactiveProducer<String, String> producer, ProducerRecord<String, String> record) {
    CompletableFuture<String> arrivedOn = new CompletableFuture<>();
    loop.execute(() -> producer.send(record, RecordTracing.OFF).subscribe(
        metadata -> arrivedOn.complete(Thread.currentThread().getName()), arrivedOn::completeExceptionally));
    return arrivedOn;
  }

  @Test
  void sendsOnTheCallersEventLoopAndAnswersOnIt() throws Exception {
    String topic = newTopic();
    try (ReactiveProducer<String, String> producer = producer(Duration.ofSeconds(10))) {
      producer.partitionsFor(topic).block(WAIT); // metadata known: the send cannot be refused for it
      assertThat(sendFromLoop(producer, new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS))
          .isEqualTo("test-event-loop");
      assertThat(SendThreads.THREADS).contains(topic + "@test-event-loop");

      RecordMetadata off = producer.send(new ProducerRecord<>(topic, "k", "v2")).block(WAIT);
      assertThat(off.offset()).as("from a thread that is no event loop: acknowledged all the same").isEqualTo(1);
    }
  }

  @Test
  void waitsForATopicOnATimerWithoutHoldingTheLoop() throws Exception {
    String topic = "reactive-producer-late-" + UUID.randomUUID();
    try (ReactiveProducer<String, String> producer = producer(Duration.ofSeconds(20))) {
      CompletableFuture<String> sent = sendFromLoop(producer, new ProducerRecord<>(topic, "k", "v"));
      CompletableFuture<Boolean> loopFree = new CompletableFuture<>();
      loop.execute(() -> loopFree.complete(!sent.isDone()));
      assertThat(loopFree.get(30, TimeUnit.SECONDS)).as("the loop ran the next task while the send waited for metadata")
          .isTrue();

      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
      assertThat(sent.get(30, TimeUnit.SECONDS)).isEqualTo("test-event-loop");
      assertThat(SendThreads.THREADS.stream().filter(t -> t.startsWith(topic + "@")).count())
          .as("tried again on a timer until the topic appeared").isGreaterThan(1);
    }
  }

  @Test
  void failsWithKafkasTimeoutOnceMaxBlockHasPassed() {
    String topic = "reactive-producer-missing-" + UUID.randomUUID();
    try (ReactiveProducer<String, String> producer = producer(Duration.ofMillis(300))) {
      CompletableFuture<String> sent = sendFromLoop(producer, new ProducerRecord<>(topic, "k", "v"));
      assertThatThrownBy(() -> sent.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class)
          .hasMessageContaining(topic).hasMessageContaining("within 300 ms");
      assertThatThrownBy(() -> producer.partitionsFor(topic).block(WAIT)).isInstanceOf(TimeoutException.class)
          .hasMessageContaining("within 300 ms");
    }
  }
}
