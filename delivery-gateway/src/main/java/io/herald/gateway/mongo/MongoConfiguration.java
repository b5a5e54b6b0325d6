package io.herald.gateway.mongo;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.chat.readmodel.ChatCollections;
import io.herald.chat.readmodel.ConversationReadModel;
import io.herald.mongo.MongoClientFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** The reactive MongoDB driver used directly (no Spring Data): one client per gateway. */
@Configuration(proxyBeanMethods = false)
class MongoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(MongoConfiguration.class);

  @Bean(destroyMethod = "close")
  MongoClient heraldGatewayMongoClient(MongoProperties props, MeterRegistry meters) {
    return MongoClientFactory.create(props.uri(), props.timeout(), props.maxPoolSize(), meters);
  }

  @Bean
  MongoDatabase heraldGatewayDatabase(MongoClient client, MongoProperties props) {
    return client.getDatabase(props.database());
  }

  @Bean
  ConversationReadModel conversationReadModel(MongoDatabase database) {
    return new ConversationReadModel(database);
  }

  /** Indexes exist once any Herald service created them; failures are logged, not fatal (Mongo may come later). */
  @EventListener(ApplicationReadyEvent.class)
  void ensureChatIndexes(ApplicationReadyEvent ready) {
    ChatCollections.ensureIndexes(ready.getApplicationContext().getBean(MongoDatabase.class))
        .subscribe(null, e -> log.warn("cannot create chat indexes: {}", e.toString()));
  }
}
