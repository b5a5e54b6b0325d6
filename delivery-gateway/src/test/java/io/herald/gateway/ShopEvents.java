package io.herald.gateway;

import io.herald.events.CheckoutCompleted;
import io.herald.events.ItemCount;
import io.herald.events.LineItem;
import io.herald.events.ShopMessage;
import io.herald.events.ShopStats;
import io.herald.schemas.topics.TopicSpec;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.HeraldInfra;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes shop events to the test broker the way the ingest API and processors do (catalog serdes, keyed by shop). */
public final class ShopEvents implements AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
      Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, HeraldInfra.kafkaBootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 0),
      new ByteArraySerializer(), new ByteArraySerializer());

  public static CheckoutCompleted checkout(String shopId, String checkoutId) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return CheckoutCompleted.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now).setShopId(shopId)
        .setCheckoutId(checkoutId).setCustomerId("customer-1")
        .setItems(List.of(new LineItem("sku-1", "Espresso", 2, 250L), new LineItem("sku-2", "Croissant", 1, 180L)))
        .setTotalMinor(680L).setCurrency("EUR").setReceivedAt(now).setChannel("app").build();
  }

  public static ShopMessage message(String shopId, String body) {
    return ShopMessage.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
        .setShopId(shopId).setSenderId("customer-1").setKind("order.note").setBody(body)
        .setAttributes(Map.of("table", "4")).build();
  }

  public static ShopStats stats(String shopId, long orders) {
    Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    return ShopStats.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
        .setShopId(shopId).setWindowStart(start).setWindowEnd(start.plusSeconds(60)).setOrders(orders)
        .setRevenueMinor(Map.of("EUR", 680L * orders)).setItemsSold(3 * orders)
        .setTopItems(List.of(new ItemCount("sku-1", "Espresso", 2 * orders))).build();
  }

  public RecordMetadata send(String shopId, CheckoutCompleted value) {
    return send(Topics.CHECKOUTS, shopId, value);
  }

  public RecordMetadata send(String shopId, ShopMessage value) {
    return send(Topics.SHOP_MESSAGES, shopId, value);
  }

  public RecordMetadata send(String shopId, ShopStats value) {
    return send(Topics.SHOP_STATS, shopId, value);
  }

  public <V> RecordMetadata send(TopicSpec<String, V> topic, String shopId, V value) {
    return sendRaw(topic.name(), shopId, topic.valueSerde().serializer().serialize(topic.name(), value));
  }

  /** {@code n} checkouts with ids {@code prefix<from>..prefix<from+n-1>}, sent together, in order (one partition). */
  public void sendCheckouts(String shopId, String prefix, int from, int n) {
    List<java.util.concurrent.Future<RecordMetadata>> sent = new java.util.ArrayList<>();
    byte[] key = Topics.CHECKOUTS.keySerde().serializer().serialize(Topics.CHECKOUTS.name(), shopId);
    for (int i = from; i < from + n; i++) {
      byte[] value = Topics.CHECKOUTS.valueSerde().serializer().serialize(Topics.CHECKOUTS.name(), checkout(shopId, prefix + i));
      sent.add(producer.send(new ProducerRecord<>(Topics.CHECKOUTS.name(), key, value)));
    }
    try {
      for (java.util.concurrent.Future<RecordMetadata> f : sent) {
        f.get(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot produce checkouts", e);
    }
  }

  /** With an explicit record timestamp, e.g. to place an event before a replay window. */
  public <V> RecordMetadata sendAt(TopicSpec<String, V> topic, String shopId, V value, Instant timestamp) {
    return sendRaw(topic.name(), shopId, topic.valueSerde().serializer().serialize(topic.name(), value), timestamp.toEpochMilli());
  }

  /** Any bytes, e.g. a poison record. */
  public RecordMetadata sendRaw(String topic, String shopId, byte[] value) {
    return sendRaw(topic, shopId, value, null);
  }

  private RecordMetadata sendRaw(String topic, String shopId, byte[] value, Long timestamp) {
    byte[] key = Topics.CHECKOUTS.keySerde().serializer().serialize(topic, shopId);
    try {
      return producer.send(new ProducerRecord<>(topic, null, timestamp, key, value)).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot produce to " + topic, e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
