package io.herald.embedded.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server expires documents by TTL indexes, with MongoDB's rules; mongo-java-server alone never does. */
class TtlMonitorTest {

  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  @Test
  void removesWhatATtlIndexExpiresAndNothingElse(@TempDir Path dir) {
    try (EmbeddedMongo mongo = EmbeddedMongo.builder().file(dir.resolve("herald.mv")).start();
         MongoClient client = MongoClients.create(mongo.connectionString())) {
      // a record kept a day after createdAt (chat send records, idempotency keys)
      MongoCollection<Document> sends = client.getDatabase("herald").getCollection("sends");
      sends.createIndex(Indexes.ascending("createdAt"), new IndexOptions().expireAfter(86_400L, TimeUnit.SECONDS));
      sends.insertMany(List.of(
          new Document("_id", "old").append("createdAt", date(NOW.minus(Duration.ofHours(25)))),
          new Document("_id", "just-old").append("createdAt", date(NOW.minus(Duration.ofHours(24)).minusMillis(1))),
          new Document("_id", "young").append("createdAt", date(NOW.minus(Duration.ofHours(23)))),
          new Document("_id", "array").append("createdAt", List.of(date(NOW.minus(Duration.ofDays(3))), date(NOW))),
          new Document("_id", "text").append("createdAt", "2001-01-01T00:00:00Z"), // not a date: never expires
          new Document("_id", "missing")));
      // a record that expires at the date it names (the notifier's ledger: expireAfter 0)
      MongoCollection<Document> ledger = client.getDatabase("other").getCollection("ledger");
      ledger.createIndex(Indexes.ascending("expires_at"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
      ledger.insertMany(List.of(new Document("_id", 1).append("expires_at", date(NOW.minusSeconds(1))),
          new Document("_id", 2).append("expires_at", date(NOW.plusSeconds(1)))));
      // dates under an ordinary index, and under a compound index with a TTL option: left alone
      MongoCollection<Document> plain = client.getDatabase("herald").getCollection("plain");
      plain.createIndex(Indexes.ascending("at"));
      plain.createIndex(Indexes.ascending("at", "x"), new IndexOptions().expireAfter(1L, TimeUnit.SECONDS));
      plain.insertOne(new Document("_id", "p").append("at", date(NOW.minus(Duration.ofDays(400)))).append("x", 1));

      assertThat(mongo.expire(NOW)).isEqualTo(4);

      assertThat(ids(sends)).containsExactlyInAnyOrder("young", "text", "missing");
      assertThat(ids(ledger)).containsExactly(2);
      assertThat(ids(plain)).containsExactly("p");
      assertThat(mongo.expire(NOW)).as("nothing more to remove").isZero();
      assertThat(mongo.expire(NOW.plus(Duration.ofHours(2)))).as("young is a day old now").isEqualTo(2);
      assertThat(ids(sends)).containsExactlyInAnyOrder("text", "missing");
    }
  }

  @Test
  void whatItRemovedStaysRemovedAfterARestartAndTheMonitorRunsOnItsOwn(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("herald.mv");
    try (EmbeddedMongo mongo = EmbeddedMongo.builder().file(file).start();
         MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> docs = client.getDatabase("herald").getCollection("docs");
      docs.createIndex(Indexes.ascending("createdAt"), new IndexOptions().expireAfter(60L, TimeUnit.SECONDS));
      docs.insertMany(List.of(new Document("_id", "a").append("createdAt", date(NOW)),
          new Document("_id", "b").append("createdAt", date(Instant.now().plusSeconds(3600)))));
      mongo.expire(NOW.plusSeconds(61));
      assertThat(ids(docs)).containsExactly("b");
    }
    // after a restart: the index (and its expiry) was kept, and the scheduled sweeps run by themselves
    try (EmbeddedMongo mongo = EmbeddedMongo.builder().file(file).ttlInterval(Duration.ofMillis(100)).start();
         MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> docs = client.getDatabase("herald").getCollection("docs");
      assertThat(ids(docs)).containsExactly("b");
      docs.insertOne(new Document("_id", "c").append("createdAt", date(Instant.now().minusSeconds(120))));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (ids(docs).contains("c") && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(ids(docs)).containsExactly("b");
    }
  }

  @Test
  void inMemoryToo() {
    try (EmbeddedMongo mongo = EmbeddedMongo.start();
         MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> docs = client.getDatabase("herald").getCollection("docs");
      docs.createIndex(Indexes.ascending("createdAt"), new IndexOptions().expireAfter(60L, TimeUnit.SECONDS));
      docs.insertMany(List.of(new Document("_id", "old").append("createdAt", date(NOW.minusSeconds(61))),
          new Document("_id", "new").append("createdAt", date(NOW))));
      assertThat(mongo.expire(NOW)).isEqualTo(1);
      assertThat(ids(docs)).containsExactly("new");
    }
  }

  @Test
  void anIntervalMustBePositive() {
    assertThatThrownBy(() -> EmbeddedMongo.builder().ttlInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Date date(Instant at) {
    return Date.from(at);
  }

  private static List<Object> ids(MongoCollection<Document> c) {
    List<Object> ids = new ArrayList<>();
    c.find().forEach(d -> ids.add(d.get("_id")));
    return ids;
  }
}
