package io.herald.notifier;

import com.mongodb.reactivestreams.client.MongoClient;
import io.herald.mongo.MongoClientFactory;
import io.herald.notifier.email.SmtpChannel;
import io.herald.notifier.push.FcmChannel;
import io.herald.notifier.push.FirebaseMessagingFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.mail.javamail.JavaMailSender;

/** Wires the channels (FCM / SMTP when configured, else the outbox log), the ledger and the sending loop. */
@Configuration(proxyBeanMethods = false)
class NotifierConfiguration {

  private static final Logger log = LoggerFactory.getLogger(NotifierConfiguration.class);

  @Bean(destroyMethod = "close")
  MongoClient notifierMongo(NotifierSettings settings, MeterRegistry meters) {
    return MongoClientFactory.create(settings.mongoUri(), settings.mongoTimeout(), settings.mongoMaxPoolSize(), meters);
  }

  @Bean
  SendLedger sendLedger(MongoClient mongo, NotifierSettings settings) {
    SendLedger ledger = new SendLedger(mongo.getDatabase(settings.database()).getCollection(SendLedger.COLLECTION),
        settings.ledgerRetention(), Clock.systemUTC());
    ledger.ensureIndexes().subscribe(null, e -> log.warn("cannot create the ledger's TTL index: {}", e.toString()));
    return ledger;
  }

  @Bean
  NotifierMetrics notifierMetrics(MeterRegistry registry) {
    return new NotifierMetrics(registry);
  }

  @Bean(destroyMethod = "close")
  KafkaProducer<byte[], byte[]> notifierProducer(ProducerFactory<?, ?> bootProducers) {
    // Boot's factories carry the resolved spring.kafka.* settings, SSL bundles included
    // (KafkaProperties.build*Properties() alone leaves a spring.kafka.ssl.bundle out)
    Map<String, Object> config = new HashMap<>(bootProducers.getConfigurationProperties());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Bean
  SendingLoop sendingLoop(ConsumerFactory<?, ?> bootConsumers, KafkaProducer<byte[], byte[]> producer, SendLedger ledger,
                          NotifierSettings settings, FirebaseSettings firebase, ObjectProvider<JavaMailSender> mail,
                          NotifierMetrics metrics) {
    Map<String, Object> config = new HashMap<>(bootConsumers.getConfigurationProperties());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
    // one request may wait out every retry on this thread: stay in the group meanwhile
    long retryBudget = settings.maxBackoff().toMillis() * settings.maxAttempts() + 120_000;
    config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, Math.max(300_000, retryBudget)));
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());

    PushContent content = new PushContent(settings.preview());
    AtomicReference<SendingLoop> loop = new AtomicReference<>();
    Channel push = firebase.enabled()
        ? new FcmChannel(FirebaseMessagingFactory.messaging(FirebaseMessagingFactory.app(firebase)), content,
            (r, d) -> loop.get().prune(r, d))
        : new OutboxLogChannel(content, "push not configured: herald.notifier.fcm.project-id is empty");
    JavaMailSender sender = mail.getIfAvailable();
    Channel email = sender != null ? new SmtpChannel(sender, settings)
        : new OutboxLogChannel(content, "e-mail not configured: spring.mail.host is empty");
    log.info("notifier: push by {}, e-mail by {}", push.name(), email.name());
    metrics.expectChannels(push.name(), email.name());
    Backoff backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(), settings.jitter(),
        () -> ThreadLocalRandom.current().nextDouble());
    loop.set(new SendingLoop(consumer, producer, ledger, push, email, backoff, settings, metrics));
    return loop.get();
  }
}
