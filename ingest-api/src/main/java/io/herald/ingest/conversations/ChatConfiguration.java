package io.herald.ingest.conversations;

import io.herald.chat.ChatSettings;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.chat.commands.ChatCommands;
import io.herald.chat.commands.ChatEventSender;
import io.herald.chat.readmodel.ChatCollections;
import io.herald.chat.readmodel.ConversationReadModel;
import io.herald.ingest.kafka.EventPublisher;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** The chat library's commands over the service's producer (acks=all, idempotent) and database. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChatSettings.class)
class ChatConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ChatConfiguration.class);

  @Bean
  ChatCommands chatCommands(EventPublisher publisher, MongoDatabase database, Clock clock, ChatSettings settings) {
    // Through EventPublisher: the same producer, and its send never runs on an event loop.
    ChatEventSender sender = record -> publisher.publishEncoded(record.topic(), record.key(), record.value(),
        Instant.ofEpochMilli(record.timestamp()));
    return new ChatCommands(sender, new ConversationReadModel(database), database, clock, settings.limits());
  }

  @Bean
  ChatIndexes chatIndexes(MongoDatabase database) {
    return new ChatIndexes(database);
  }

  /** The send ledger's TTL and the read model's indexes; failures are logged, not fatal (Mongo may come later). */
  record ChatIndexes(MongoDatabase database) {
    @EventListener(ApplicationReadyEvent.class)
    public void create() {
      ChatCollections.ensureIndexes(database).subscribe(null, e -> log.warn("cannot create chat indexes: {}", e.toString()));
    }
  }
}
