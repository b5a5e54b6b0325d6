package io.herald.notifier;

import io.herald.events.DeviceTokenRemoved;
import io.herald.events.NotificationChannel;
import io.herald.events.NotificationDevice;
import io.herald.events.NotificationRequest;
import io.herald.events.UserEvent;
import io.herald.kafka.DeadLetterPublisher;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The notifier's one sending thread: polls {@code notification-requests}, and for each record in
 * partition order claims its request id in the {@link SendLedger}, sends it on its channel with
 * retries (exponential back-off with jitter), and on a final failure writes the original record to
 * {@code notification-requests.dlq} with the reason. Offsets are committed after each record, so a
 * restart resumes after the last one handled; the ledger covers the record in flight.
 *
 * <p>Retries wait on this thread (head-of-line blocking of its partitions); the wait is bounded by
 * {@code max-attempts} and {@code max-backoff}, and the consumer's {@code max.poll.interval.ms} is
 * set above that bound. Scale by partitions and instances.
 */
public final class SendingLoop implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(SendingLoop.class);

  private final Consumer<byte[], byte[]> consumer;
  private final Producer<byte[], byte[]> producer;
  private final DeadLetterPublisher deadLetters;
  private final SendLedger ledger;
  private final Channel push;
  private final Channel email;
  private final Backoff backoff;
  private final NotifierSettings settings;
  private final NotifierMetrics metrics;
  private volatile boolean running;
  private Thread thread;

  public SendingLoop(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, SendLedger ledger, Channel push,
                     Channel email, Backoff backoff, NotifierSettings settings, NotifierMetrics metrics) {
    this.consumer = consumer;
    this.producer = producer;
    this.deadLetters = new DeadLetterPublisher(() -> producer, "notifier", DeadLetterPublisher.Listener.NONE);
    this.ledger = ledger;
    this.push = push;
    this.email = email;
    this.backoff = backoff;
    this.settings = settings;
    this.metrics = metrics;
  }

  @Override
  public synchronized void start() {
    running = true;
    thread = new Thread(this::run, "herald-notifier-sender");
    thread.start();
  }

  @Override
  public synchronized void stop() {
    running = false;
    consumer.wakeup();
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    try {
      consumer.subscribe(java.util.List.of(Topics.NOTIFICATION_REQUESTS.name()));
      while (running) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(settings.pollTimeout());
        for (ConsumerRecord<byte[], byte[]> record : records) {
          if (!running) {
            return;
          }
          handle(record);
          consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
              new OffsetAndMetadata(record.offset() + 1)));
        }
      }
    } catch (WakeupException | org.apache.kafka.common.errors.InterruptException e) {
      // stopping
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("notifier sending loop stopped", e);
    } finally {
      Thread.interrupted(); // a stop may have interrupted a back-off wait: close cleanly anyway
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void handle(ConsumerRecord<byte[], byte[]> record) throws InterruptedException {
    NotificationRequest r;
    try {
      r = Topics.NOTIFICATION_REQUESTS.valueSerde().deserializer().deserialize(record.topic(), record.headers(), record.value());
      if (r == null) {
        throw new IllegalArgumentException("empty record");
      }
    } catch (RuntimeException e) {
      deadLetter(record, e, "notifier-decode");
      metrics.count("dlq", "unknown");
      return;
    }
    Channel channel = r.getChannel() == NotificationChannel.PUSH ? push : email;
    if (!ledger.claim(r.getEventId().toString(), r.getUserId(), channel.name())) {
      metrics.count("duplicate", channel.name());
      return;
    }
    Progress progress = new Progress();
    for (int attempt = 1; ; attempt++) {
      try {
        channel.send(r, progress);
        metrics.count("sent", channel.name());
        ledger.finish(r.getEventId().toString(), "sent", null);
        return;
      } catch (SendFailure f) {
        metrics.count("failed", channel.name());
        if (!f.retryable() || attempt >= settings.maxAttempts()) {
          String reason = (f.retryable() ? "gave up after " + attempt + " attempts: " : "not retryable: ") + f.getMessage();
          deadLetter(record, new SendFailure(reason, f.retryable(), f), "notifier-" + channel.name());
          metrics.count("dlq", channel.name());
          ledger.finish(r.getEventId().toString(), "failed", reason);
          log.warn("notification {} dead-lettered: {}", r.getEventId(), reason);
          return;
        }
        metrics.count("retried", channel.name());
        Duration wait = backoff.before(attempt);
        log.debug("notification {} attempt {} failed ({}); retrying in {}", r.getEventId(), attempt, f.getMessage(), wait);
        // The loop's own consumer thread, never an event loop: the back-off holds only this thread's partitions.
        Thread.sleep(wait.toMillis());
      }
    }
  }

  /**
   * FCM said the token is dead: remove the device from the user. The notification topology learns
   * it from {@code users} and stops addressing it; the ingest API's own device list does not read
   * {@code users} and still shows the device (and counts it towards the cap) until the user removes it.
   */
  void prune(NotificationRequest r, NotificationDevice d) {
    UserEvent event = UserEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now()).setUserId(r.getUserId())
        .setPayload(new DeviceTokenRemoved(d.getDeviceId())).build();
    byte[] value = Topics.USERS.valueSerde().serializer().serialize(Topics.USERS.name(), event);
    producer.send(new ProducerRecord<>(Topics.USERS.name(), r.getUserId().getBytes(StandardCharsets.UTF_8), value));
    metrics.pruned();
    log.info("removed dead push token of device {} of user {}", d.getDeviceId(), r.getUserId());
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> record, Exception error, String stage) {
    try {
      deadLetters.publish(record, error, stage).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // never drop silently: stop here, the offset is not committed and the record comes back
      throw new IllegalStateException("cannot write to the dead-letter topic", e);
    }
  }
}
