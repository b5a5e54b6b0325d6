package io.herald.gateway.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.chat.readmodel.ChatCollections;
import io.herald.chat.readmodel.ConversationReadModel;
import java.util.concurrent.TimeUnit;
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
  MongoClient heraldGatewayMongoClient(MongoProperties props) {
    long ms = props.timeout().toMillis();
    return MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(props.uri()))
        .applyToClusterSettings(c -> c.serverSelectionTimeout(ms, TimeUnit.MILLISECONDS))
        .applyToSocketSettings(s -> s.connectTimeout((int) ms, TimeUnit.MILLISECONDS)
            .readTimeout((int) ms, TimeUnit.MILLISECONDS))
        .build());
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
