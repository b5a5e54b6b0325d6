package io.herald.embedded.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An update replaces the stored document, never changes the instance H2 holds: a commit's
 * serialization thread may be writing that instance out at the same moment (a concurrent change
 * failed it with a ConcurrentModificationException and closed the store).
 */
class InPlaceUpdateTest {

  @Test
  void updatesAndFindAndModifyLeaveTheStoredInstanceAsItWas(@TempDir Path dir) {
    try (EmbeddedMongo mongo = EmbeddedMongo.builder().file(dir.resolve("herald.mv")).start();
         MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> docs = client.getDatabase("herald").getCollection("docs");
      docs.createIndex(new Document("email", 1), new com.mongodb.client.model.IndexOptions().unique(true));
      docs.insertOne(new Document("_id", "a").append("n", 1).append("gone", true).append("email", "a@x"));
      MVMap<Object, de.bwaldvogel.mongo.bson.Document> data = mongo.store().openMap("databases.herald.docs");

      de.bwaldvogel.mongo.bson.Document first = data.get("a");
      String firstAsStored = first.toString();
      docs.updateOne(Filters.eq("_id", "a"), Updates.combine(Updates.set("n", 2), Updates.unset("gone")));
      assertThat(first.toString()).isEqualTo(firstAsStored);

      de.bwaldvogel.mongo.bson.Document second = data.get("a");
      String secondAsStored = second.toString();
      docs.updateOne(Filters.and(Filters.eq("_id", "a"), Filters.eq("n", 2)), Updates.set("n", 3)); // the id look-up
      docs.updateOne(Filters.eq("email", "a@x"), Updates.set("n", 4)); // answered by the unique index
      docs.updateMany(Filters.eq("n", 4), Updates.set("n", 5)); // a scan
      docs.findOneAndUpdate(Filters.eq("_id", "a"), Updates.set("n", 6));
      assertThat(second.toString()).isEqualTo(secondAsStored);

      assertThat(data.get("a").get("n")).isEqualTo(6);
      assertThat(data.get("a").containsKey("gone")).isFalse();
      assertThat(docs.find(Filters.eq("_id", "a")).first()).containsEntry("n", 6).doesNotContainKey("gone");
    }
  }
}
