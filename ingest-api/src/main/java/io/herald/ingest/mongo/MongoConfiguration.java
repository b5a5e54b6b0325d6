package io.herald.ingest.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The reactive MongoDB driver, used directly (no Spring Data): one client per application context. */
@Configuration(proxyBeanMethods = false)
public class MongoConfiguration {

  @Bean(destroyMethod = "close")
  MongoClient heraldIngestMongoClient(MongoSettings settings) {
    long ms = settings.timeout().toMillis();
    return MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(settings.uri()))
        .applyToClusterSettings(c -> c.serverSelectionTimeout(ms, TimeUnit.MILLISECONDS))
        // A socket read bound, not the driver's (alpha) client-side operation timeout.
        .applyToSocketSettings(s -> s.connectTimeout((int) ms, TimeUnit.MILLISECONDS)
            .readTimeout((int) ms, TimeUnit.MILLISECONDS))
        .build());
  }

  @Bean
  MongoDatabase heraldIngestDatabase(MongoClient client, MongoSettings settings) {
    return client.getDatabase(settings.database());
  }
}
