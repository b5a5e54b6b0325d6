package io.herald.examples.analytics;

import io.herald.events.CheckoutCompleted;
import io.herald.kafka.DeadLetterPublisher;
import io.herald.schemas.serde.AvroSerde;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revenue, orders and top products per shop per day from {@code checkouts}, exactly once: each poll is one
 * Kafka transaction holding the changed {@link ShopDay} records, the dead letters and the consumer
 * offsets ({@code sendOffsetsToTransaction}). A restart (or a partition moving to another instance)
 * rebuilds a partition's figures from the compacted output topic, which is consistent with the committed
 * offsets by construction, so nothing is counted twice or missed. Decisions: docs/architecture.md,
 * "Analytics consumers".
 */
public final class ShopDaysJob implements Runnable, AutoCloseable {

  /** The {@code herald.dlq.stage} of this consumer's dead letters. */
  public static final String STAGE = "analytics-shop-days";

  private static final Logger log = LoggerFactory.getLogger(ShopDaysJob.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final AnalyticsSettings settings;
  private final AvroSerde<CheckoutCompleted> checkouts = AvroSerde.of(CheckoutCompleted.class);
  private final AvroSerde<ShopDay> shopDays = AvroSerde.of(ShopDay.class);
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final DeadLetterPublisher deadLetters;
  private final Map<Integer, PartitionFigures> figures = new HashMap<>();
  private volatile boolean running = true;

  public ShopDaysJob(AnalyticsSettings settings) {
    this.settings = settings;
    ensureOutputTopic(settings);
    Map<String, Object> consumerConfig = clientConfig(settings);
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    // Static membership, one id per instance: a restarted instance takes its partitions back at once
    // instead of waiting out its dead predecessor's session (45 s).
    consumerConfig.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.transactionalId());
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerConfig.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    Map<String, Object> producerConfig = clientConfig(settings);
    producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
    // Dead letters go through the transactional producer: a poison record's dead letter commits with the
    // offset that skips it, once, or not at all.
    this.deadLetters = new DeadLetterPublisher(() -> producer, STAGE, DeadLetterPublisher.Listener.NONE);
  }

  /** Runs until SIGTERM / Ctrl-C (a clean stop, exit 0); exits 1 if the job stops on its own (e.g. fenced). */
  public static void main(String[] args) {
    ShopDaysJob job = new ShopDaysJob(AnalyticsSettings.parse(args, System.getenv()));
    Thread main = Thread.currentThread();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      job.close();
      try {
        main.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "shop-days-shutdown"));
    job.run();
    if (job.running) {
      System.exit(1);
    }
  }

  @Override
  public void run() {
    try {
      // Fences an earlier run with the same transactional id and aborts the transaction it left open,
      // so the output topic and the group's offsets read below are final.
      producer.initTransactions();
      consumer.subscribe(List.of(Topics.CHECKOUTS.name()), new Rebalance());
      log.info("counting {} into {} as group {}", Topics.CHECKOUTS.name(), settings.outputTopic(), settings.groupId());
      while (running) {
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
        if (!batch.isEmpty()) {
          processInOneTransaction(batch);
        }
      }
    } catch (WakeupException e) {
      if (running) {
        log.error("stopping: woken up without close()", e);
      }
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
      log.error("stopping: another instance took transactional id {} or the producer cannot go on", settings.transactionalId(), e);
    } catch (RuntimeException e) {
      log.error("stopping on an unexpected failure", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
      producer.close(Duration.ofSeconds(5));
    }
  }

  private void processInOneTransaction(ConsumerRecords<byte[], byte[]> batch) {
    Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
    producer.beginTransaction();
    try {
      for (TopicPartition tp : batch.partitions()) {
        PartitionFigures partition = figures.get(tp.partition());
        for (ConsumerRecord<byte[], byte[]> record : batch.records(tp)) {
          count(partition, record);
          next.put(tp, new OffsetAndMetadata(record.offset() + 1));
        }
        for (ShopDay changed : partition.drainChanged()) {
          producer.send(new ProducerRecord<>(settings.outputTopic(), tp.partition(),
              ShopDayFigures.key(changed.getDay(), changed.getShopId()).getBytes(StandardCharsets.UTF_8),
              shopDays.serialize(settings.outputTopic(), changed)));
        }
      }
      producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
      producer.commitTransaction();
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
      throw e; // fatal: run() stops
    } catch (KafkaException e) {
      // e.g. a rebalance fenced the group generation: nothing of this batch is visible; start it again
      log.warn("transaction aborted, rewinding to the last commit: {}", e.toString());
      producer.abortTransaction();
      rewind(consumer.assignment());
    }
  }

  private void count(PartitionFigures partition, ConsumerRecord<byte[], byte[]> record) {
    CheckoutCompleted checkout;
    try {
      checkout = checkouts.deserialize(record.topic(), record.value());
      if (checkout == null) {
        throw new IllegalArgumentException("a checkout record without a value");
      }
    } catch (RuntimeException poison) {
      deadLetters.publish(record, poison);
      return;
    }
    try {
      partition.count(checkout);
    } catch (PartitionFigures.ClosedDayException | ArithmeticException uncountable) {
      deadLetters.publish(record, uncountable);
    }
  }

  /** Figures of these partitions as last committed, and the consumer back at their committed offsets. */
  private void rewind(Set<TopicPartition> partitions) {
    restore(partitions);
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
    for (TopicPartition tp : partitions) {
      OffsetAndMetadata at = committed.get(tp);
      if (at == null) {
        consumer.seekToBeginning(List.of(tp));
      } else {
        consumer.seek(tp, at.offset());
      }
    }
  }

  /** Reads the output topic's partitions of the same numbers to their last committed record. */
  private void restore(Collection<TopicPartition> inputs) {
    for (TopicPartition tp : inputs) {
      figures.put(tp.partition(), new PartitionFigures(settings.openDays(), settings.productCounters()));
    }
    if (inputs.isEmpty()) {
      return;
    }
    Map<String, Object> config = clientConfig(settings);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> outputs = inputs.stream().map(tp -> new TopicPartition(settings.outputTopic(), tp.partition())).toList();
      reader.assign(outputs);
      reader.seekToBeginning(outputs);
      Map<TopicPartition, Long> end = reader.endOffsets(outputs); // read_committed: the last stable offset
      int restored = 0;
      while (outputs.stream().anyMatch(tp -> reader.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : reader.poll(POLL)) {
          if (r.value() != null) {
            figures.get(r.partition()).restore(shopDays.deserialize(r.topic(), r.value()));
            restored++;
          }
        }
      }
      log.info("restored {} shop-day record(s) for partitions {}", restored, inputs);
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      restore(partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      partitions.forEach(tp -> figures.remove(tp.partition()));
    }
  }

  /** Stops the loop (from any thread); the worker closes the clients. */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
  }

  private static Map<String, Object> clientConfig(AnalyticsSettings settings) {
    Map<String, Object> config = new HashMap<>(settings.kafka());
    config.put("bootstrap.servers", settings.bootstrapServers());
    return config;
  }

  /** The topic's partition count; a topic created a moment ago may be unknown to the broker's metadata for a while. */
  private static int partitionsOf(Admin admin, String topic) throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().size();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  /** Creates the compacted output topic, co-partitioned with {@code checkouts}, unless it exists. */
  private static void ensureOutputTopic(AnalyticsSettings settings) {
    try (Admin admin = Admin.create(clientConfig(settings))) {
      TopicDescription input = admin.describeTopics(List.of(Topics.CHECKOUTS.name())).allTopicNames()
          .get(30, TimeUnit.SECONDS).get(Topics.CHECKOUTS.name());
      int partitions = input.partitions().size();
      Optional<Short> replication = settings.replicationFactor() < 1 ? Optional.empty() : Optional.of(settings.replicationFactor());
      try {
        admin.createTopics(List.of(new NewTopic(settings.outputTopic(), Optional.of(partitions), replication)
            .configs(Map.of("cleanup.policy", "compact")))).all().get(30, TimeUnit.SECONDS);
        log.info("created {} with {} partitions", settings.outputTopic(), partitions);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      int existing = partitionsOf(admin, settings.outputTopic());
      if (existing < partitions) {
        throw new IllegalStateException(settings.outputTopic() + " has " + existing + " partitions, fewer than the "
            + partitions + " of " + Topics.CHECKOUTS.name() + ": each checkouts partition writes to its own number");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot prepare " + settings.outputTopic(), e);
    }
  }
}
