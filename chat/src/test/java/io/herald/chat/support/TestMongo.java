package io.herald.chat.support;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.testkit.HeraldInfra;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import reactor.core.publisher.Flux;

/** A client on the shared Mongo-wire server and a fresh database per test class. */
public final class TestMongo implements AutoCloseable {

  private final MongoClient client = MongoClients.create(HeraldInfra.mongoUri());

  public MongoDatabase freshDatabase(String purpose) {
    return client.getDatabase("chat_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8));
  }

  /** All documents of a collection matching a filter, sorted by _id (test sizes only). */
  public static List<Document> all(MongoDatabase db, String collection, Document filter) {
    return Flux.from(db.getCollection(collection).find(filter).sort(new Document("_id", 1))).collectList().block();
  }

  @Override
  public void close() {
    client.close();
  }
}
