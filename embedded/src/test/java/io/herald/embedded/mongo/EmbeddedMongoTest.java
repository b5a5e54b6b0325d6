package io.herald.embedded.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMongoTest {

  @Test
  void h2FileKeepsDocumentsAndIndexesAcrossRestart(@TempDir Path dir) {
    Path file = dir.resolve("mongo/herald.mv.db");
    int port;
    try (EmbeddedMongo mongo = EmbeddedMongo.builder().file(file).start();
         MongoClient client = MongoClients.create(mongo.connectionString())) {
      port = mongo.port();
      assertThat(mongo.connectionString()).isEqualTo("mongodb://127.0.0.1:" + port);
      MongoCollection<Document> users = client.getDatabase("herald").getCollection("users");
      users.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
      users.insertOne(new Document("_id", "u1").append("email", "a@example.com"));
    }
    assertThat(file).exists();

    try (EmbeddedMongo mongo = EmbeddedMongo.builder().file(file).start();
         MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> users = client.getDatabase("herald").getCollection("users");
      assertThat(users.find(new Document("_id", "u1")).first()).containsEntry("email", "a@example.com");
      // The unique index survived too.
      assertThatThrownBy(() -> users.insertOne(new Document("_id", "u2").append("email", "a@example.com")))
          .isInstanceOf(MongoWriteException.class);
    }
  }

  @Test
  void onFileEveryAcknowledgedWriteIsAlreadyInTheFile(@TempDir Path dir) {
    try (EmbeddedMongo mongo = EmbeddedMongo.builder().file(dir.resolve("herald.mv.db")).start();
         MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> docs = client.getDatabase("herald").getCollection("docs");
      docs.insertOne(new Document("_id", "d1").append("n", 1));
      assertThat(mongo.hasUnsavedChanges()).as("after an insert").isFalse();
      docs.updateOne(new Document("_id", "d1"), new Document("$inc", new Document("n", 1)));
      assertThat(mongo.hasUnsavedChanges()).as("after an update").isFalse();
      docs.findOneAndUpdate(new Document("_id", "d1"), new Document("$set", new Document("m", 2)));
      assertThat(mongo.hasUnsavedChanges()).as("after a findAndModify").isFalse();
      docs.deleteOne(new Document("_id", "d1"));
      assertThat(mongo.hasUnsavedChanges()).as("after a delete").isFalse();
    }
  }

  @Test
  void memoryBackendStartsEmptyEachTime() {
    try (EmbeddedMongo mongo = EmbeddedMongo.start();
         MongoClient client = MongoClients.create(mongo.connectionString())) {
      client.getDatabase("herald").getCollection("c").insertOne(new Document("x", 1));
      assertThat(client.getDatabase("herald").getCollection("c").countDocuments()).isEqualTo(1);
    }
    try (EmbeddedMongo mongo = EmbeddedMongo.start();
         MongoClient client = MongoClients.create(mongo.connectionString())) {
      assertThat(client.getDatabase("herald").getCollection("c").countDocuments()).isZero();
    }
  }

  @Test
  void changeStreamSeesInsertsWhenTheOplogIsAskedFor() {
    try (EmbeddedMongo mongo = EmbeddedMongo.builder().oplog(true).start();
         MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> c = client.getDatabase("herald").getCollection("events");
      try (var cursor = c.watch().cursor()) {
        c.insertOne(new Document("_id", "e1").append("kind", "checkout"));
        // next() blocks until the change arrives (the driver's awaitData), bounded by the server.
        var change = cursor.next();
        assertThat(change.getFullDocument()).containsEntry("kind", "checkout");
      }
    }
  }
}
