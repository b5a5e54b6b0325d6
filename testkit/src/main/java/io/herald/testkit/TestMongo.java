package io.herald.testkit;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.publisher.Flux;

/**
 * A client on the shared Mongo-wire server, handing out a fresh database per test or test class;
 * as a {@code @RegisterExtension static} field it closes itself after the class.
 */
public final class TestMongo implements AutoCloseable, AfterAllCallback {

  private final MongoClient client = MongoClients.create(HeraldInfra.mongoUri());

  public MongoDatabase freshDatabase(String purpose) {
    return client.getDatabase(purpose + "_" + UUID.randomUUID().toString().substring(0, 8));
  }

  /** All documents of a collection matching a filter, sorted by _id (test sizes only). */
  public static List<Document> all(MongoDatabase db, String collection, Document filter) {
    return Flux.from(db.getCollection(collection).find(filter).sort(new Document("_id", 1))).collectList().block();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    client.close();
  }
}
