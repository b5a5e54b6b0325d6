package io.herald.bench;

import io.herald.embedded.kafka.EmbeddedKafkaBroker;
import io.herald.events.CheckoutCompleted;
import io.herald.events.LineItem;
import io.herald.schemas.topics.Topics;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What a gateway pays for a record it reads and skips: the shop feed's records of shops nobody
 * watches there, the chat reader's (mode {@code all}) deliveries of users connected elsewhere. One
 * consumer assigned every partition of a 12-partition topic of real {@code CheckoutCompleted} records
 * over 10,000 shops, handled as the shop feed does (key to String, map look-up, value never decoded);
 * reports the consumer thread's CPU per record. Embedded broker, nothing else running.
 *
 * <pre>
 * java -cp &lt;bench class path&gt; io.herald.bench.SkipReadBench [records, default 500000]
 * </pre>
 */
public final class SkipReadBench {

  private static final String TOPIC = "skip-read-bench";
  private static final int PARTITIONS = 12;
  private static final int SHOPS = 10_000;

  private SkipReadBench() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      Map<String, Object> config = new HashMap<>(broker.clientConfig());
      try (Admin admin = Admin.create(config)) {
        admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
      }
      byte[][] values = checkouts();
      Map<String, Object> producerConfig = new HashMap<>(config);
      producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
      producerConfig.put(ProducerConfig.BATCH_SIZE_CONFIG, 65_536);
      try (KafkaProducer<byte[], byte[]> producer =
               new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
        for (int i = 0; i < records; i++) {
          int shop = i % SHOPS;
          producer.send(new ProducerRecord<>(TOPIC, ("shop-" + shop).getBytes(StandardCharsets.UTF_8), values[shop]));
        }
      }
      System.out.printf("%d records of %d value bytes over %d shops, %d partitions%n", records, values[0].length, SHOPS,
          PARTITIONS);
      Map<String, Object> consumerConfig = new HashMap<>(config);
      consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      Map<String, Object> watched = new ConcurrentHashMap<>(Map.of("watched-shop", new Object()));
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      for (int round = 1; round <= 3; round++) { // the first round includes the JIT's warm-up
        try (KafkaConsumer<byte[], byte[]> consumer =
                 new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
          List<TopicPartition> all = new ArrayList<>();
          for (int p = 0; p < PARTITIONS; p++) {
            all.add(new TopicPartition(TOPIC, p));
          }
          consumer.assign(all);
          consumer.seekToBeginning(all);
          long cpu0 = threads.getCurrentThreadCpuTime();
          long wall0 = System.nanoTime();
          long seen = 0;
          long hits = 0;
          long deadline = wall0 + Duration.ofMinutes(2).toNanos();
          while (seen < records && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
              seen++;
              if (watched.get(new String(r.key(), StandardCharsets.UTF_8)) != null) {
                hits++;
              }
            }
          }
          double cpuNanos = threads.getCurrentThreadCpuTime() - cpu0;
          System.out.printf("round %d: %d records skipped (%d watched), consumer thread CPU %.0f ms = %.2f us per record"
                  + " (%.0f records per CPU-second), wall %.0f ms%n", round, seen, hits, cpuNanos / 1e6,
              cpuNanos / 1e3 / seen, seen / (cpuNanos / 1e9), (System.nanoTime() - wall0) / 1e6);
        }
      }
    }
  }

  private static byte[][] checkouts() {
    byte[][] values = new byte[SHOPS][];
    for (int shop = 0; shop < SHOPS; shop++) {
      CheckoutCompleted c = CheckoutCompleted.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
          .setShopId("shop-" + shop).setCheckoutId("c-" + shop).setCustomerId("customer-" + UUID.randomUUID())
          .setItems(List.of(new LineItem("tea-1", "Green tea", 2, 450L), new LineItem("cup-2", "Cup", 1, 900L)))
          .setTotalMinor(1800).setCurrency("EUR").setReceivedAt(Instant.now()).build();
      values[shop] = Topics.CHECKOUTS.valueSerde().serializer().serialize(Topics.CHECKOUTS.name(), c);
    }
    return values;
  }
}
