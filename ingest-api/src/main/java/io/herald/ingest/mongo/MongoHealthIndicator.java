package io.herald.ingest.mongo;

import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Reports DOWN when the database does not answer a ping (Boot's own indicator needs Spring Data). */
@Component("mongo")
class MongoHealthIndicator implements ReactiveHealthIndicator {

  private final MongoDatabase database;
  private final MongoSettings settings;

  MongoHealthIndicator(MongoDatabase database, MongoSettings settings) {
    this.database = database;
    this.settings = settings;
  }

  @Override
  public Mono<Health> health() {
    return Mono.from(database.runCommand(new Document("ping", 1)))
        .timeout(settings.timeout())
        .map(ignored -> Health.up().withDetail("database", settings.database()).build())
        .onErrorResume(e -> Mono.just(Health.down().withDetail("error", e.getClass().getSimpleName()).build()));
  }
}
