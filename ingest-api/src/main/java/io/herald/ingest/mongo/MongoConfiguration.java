package io.herald.ingest.mongo;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.mongo.MongoClientFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The reactive MongoDB driver, used directly (no Spring Data): one client per application context. */
@Configuration(proxyBeanMethods = false)
public class MongoConfiguration {

  @Bean(destroyMethod = "close")
  MongoClient heraldIngestMongoClient(MongoSettings settings, MeterRegistry meters) {
    return MongoClientFactory.create(settings.uri(), settings.timeout(), settings.maxPoolSize(), meters);
  }

  @Bean
  MongoDatabase heraldIngestDatabase(MongoClient client, MongoSettings settings) {
    return client.getDatabase(settings.database());
  }
}
