package io.herald.embedded.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.bson.types.Binary;
import org.bson.types.Code;
import org.bson.types.Decimal128;
import org.bson.types.MaxKey;
import org.bson.types.MinKey;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The storage format through the real MongoDB driver: a new file is compact and keeps everything
 * across restarts, a file written by the plain H2 backend (the legacy format) keeps working, and
 * both iterate String ids in the same order.
 */
class EmbeddedMongoStorageFormatTest {

  private static final int DUPLICATE_KEY = 11000;

  @Test
  void aNewFileIsCompactAndKeepsDocumentsAndUniqueIndexesAcrossRestarts(@TempDir Path dir) {
    Path file = dir.resolve("herald.mv.db");
    List<Document> before = onEmbedded(file, true, mongo -> {
      MongoCollection<Document> docs = docs(mongo);
      createUniqueIndexes(docs);
      insertEveryValueType(docs);
      assertUniqueIndexesRefuseDuplicates(docs);
      docs.updateOne(Filters.eq("_id", "s1"), Updates.combine(Updates.set("text", "edited"), Updates.inc("n", 10)));
      docs.deleteOne(Filters.eq("_id", 42L));
      assertThat(docs.find(Filters.eq("_id", "s1")).first()).containsEntry("text", "edited").containsEntry("n", 11);
      assertThat(docs.find(Filters.eq("_id", 42L)).first()).isNull();
      // An index answers $in and regex queries by walking its keys.
      assertThat(docs.find(Filters.in("email", "a@example.com", "b@example.com")).map(d -> d.get("_id")))
          .hasSize(2);
      assertThat(docs.find(Filters.regex("email", "^b@")).map(d -> d.get("_id"))).containsExactly("s2");
    });
    assertThat(before).hasSize(4);

    for (int restart = 0; restart < 2; restart++) {
      List<Document> after = onEmbedded(file, true, mongo -> {
        MongoCollection<Document> docs = docs(mongo);
        assertUniqueIndexesRefuseDuplicates(docs);
        assertThat(docs.find(Filters.eq("_id", "s1")).first()).containsEntry("text", "edited");
      });
      assertThat(after).isEqualTo(before);
    }
    assertStoredInTheCompactFormat(file);
  }

  /** The data and index maps decode with StoredValueType (they would not, written as ObjectDataType). */
  private static void assertStoredInTheCompactFormat(Path file) {
    MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
    try {
      MVMap.Builder<Object, Object> compact = new MVMap.Builder<>()
          .keyType(StoredValueType.INSTANCE).valueType(StoredValueType.INSTANCE);
      MVMap<Object, Object> data = store.openMap("databases.herald.docs", compact);
      assertThat(data.get("s1")).isInstanceOfSatisfying(de.bwaldvogel.mongo.bson.Document.class,
          d -> assertThat(d).containsEntry("text", "edited"));
      MVMap<Object, Object> emails = store.openMap("herald.docs._index_email_1", compact);
      assertThat(emails.get(new de.bwaldvogel.mongo.backend.KeyValue("a@example.com"))).isEqualTo("s1");
      assertThat(store.getMapNames()).contains(MongoStorageFormat.MARKER_MAP);
    } finally {
      store.close();
    }
  }

  @Test
  void aFileWrittenByThePlainH2BackendIsReadAndWrittenInTheLegacyFormat(@TempDir Path dir) {
    Path file = dir.resolve("old.mv.db");
    List<Document> written = onPlainH2Backend(file, client -> {
      MongoCollection<Document> docs = client.getDatabase("herald").getCollection("docs");
      createUniqueIndexes(docs);
      insertEveryValueType(docs);
    });
    assertThat(written).hasSize(5);

    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger formatLogger = (Logger) LoggerFactory.getLogger(MongoStorageFormat.class);
    formatLogger.addAppender(log);
    log.start();
    List<Document> afterMore;
    try {
      afterMore = onEmbedded(file, false, mongo -> {
        MongoCollection<Document> docs = docs(mongo);
        assertThat(docs.find().sort(Sorts.ascending("_id")).into(new ArrayList<>())).isEqualTo(written);
        assertUniqueIndexesRefuseDuplicates(docs);
        docs.insertOne(new Document("_id", "s3").append("email", "c@example.com").append("n", 3)
            .append("ref", new ObjectId()).append("a", 3).append("b", "z"));
        docs.updateOne(Filters.eq("_id", "s1"), Updates.set("text", "edited"));
      });
    } finally {
      formatLogger.detachAppender(log);
    }
    assertThat(log.list).singleElement().satisfies(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.INFO);
      assertThat(e.getFormattedMessage()).contains("legacy storage format");
    });
    assertThat(afterMore).hasSize(6);

    List<Document> reopened = onEmbedded(file, false, mongo -> assertUniqueIndexesRefuseDuplicates(docs(mongo)));
    assertThat(reopened).isEqualTo(afterMore);
    // The file is still what the plain backend reads.
    assertThat(onPlainH2Backend(file, client -> {})).isEqualTo(afterMore);
  }

  @Test
  void findWithoutSortReturnsStringAndNumberIdsInTheLegacyOrder(@TempDir Path dir) {
    List<String> stringIds = new ArrayList<>(List.of("u10", "u2", "B", "a", "b", "é", "", "ab", "Z9", "日本", "a b"));
    IntStream.range(0, 300).forEach(i -> stringIds.add("c" + Integer.toHexString(i * 7919)));
    List<Long> longIds = new ArrayList<>(IntStream.range(0, 300).mapToObj(i -> (long) (i * 7919 % 1000) - 500).toList());
    Collections.shuffle(stringIds, new Random(7));
    Collections.shuffle(longIds, new Random(7));
    Consumer<MongoClient> insert = client -> {
      var db = client.getDatabase("herald");
      stringIds.forEach(id -> db.getCollection("strings").insertOne(new Document("_id", id)));
      longIds.stream().distinct().forEach(id -> db.getCollection("longs").insertOne(new Document("_id", id)));
    };
    onPlainH2Backend(dir.resolve("legacy.mv.db"), insert);
    List<Object> legacyStrings = new ArrayList<>();
    List<Object> legacyLongs = new ArrayList<>();
    onPlainH2Backend(dir.resolve("legacy.mv.db"), client -> {
      client.getDatabase("herald").getCollection("strings").find().map(d -> d.get("_id")).into(legacyStrings);
      client.getDatabase("herald").getCollection("longs").find().map(d -> d.get("_id")).into(legacyLongs);
    });

    Path compact = dir.resolve("compact.mv.db");
    onEmbedded(compact, true, mongo -> insert.accept(mongo));
    onEmbedded(compact, true, mongo -> {
      var db = mongo.getDatabase("herald");
      assertThat(db.getCollection("strings").find().map(d -> d.get("_id")).into(new ArrayList<>()))
          .isEqualTo(legacyStrings);
      assertThat(db.getCollection("longs").find().map(d -> d.get("_id")).into(new ArrayList<>()))
          .isEqualTo(legacyLongs);
    });
    assertThat(legacyStrings).hasSize(stringIds.size()).isSortedAccordingTo((a, b) -> ((String) a).compareTo((String) b));
    assertThat(legacyLongs).isSortedAccordingTo((a, b) -> Long.compare((Long) a, (Long) b));
  }

  @Test
  void droppingTheHeraldDatabaseKeepsTheFormatMark(@TempDir Path dir) {
    Path file = dir.resolve("herald.mv.db");
    onEmbedded(file, true, mongo -> {
      createUniqueIndexes(docs(mongo));
      insertEveryValueType(docs(mongo));
    });
    onEmbedded(file, true, mongo -> {
      mongo.getDatabase("herald").drop();
      docs(mongo).insertOne(new Document("_id", "after-drop").append("email", "d@example.com"));
    });
    onEmbedded(file, true, mongo -> assertThat(docs(mongo).find().map(d -> d.get("_id")).into(new ArrayList<>()))
        .containsExactly("after-drop"));
  }

  @Test
  void aFileMarkedWithAnUnknownFormatIsRefused(@TempDir Path dir) {
    Path file = dir.resolve("future.mv.db");
    MVStore store = new MVStore.Builder().fileName(file.toString()).open();
    MVMap<String, Integer> marker = store.openMap(MongoStorageFormat.MARKER_MAP);
    marker.put(MongoStorageFormat.VERSION_KEY, 2);
    store.close();
    assertThatThrownBy(() -> EmbeddedMongo.builder().file(file).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("storage format 2");
  }

  private static void createUniqueIndexes(MongoCollection<Document> docs) {
    IndexOptions unique = new IndexOptions().unique(true).sparse(true);
    docs.createIndex(Indexes.ascending("email"), unique);
    docs.createIndex(Indexes.ascending("n"), unique);
    docs.createIndex(Indexes.ascending("ref"), unique);
    docs.createIndex(Indexes.ascending("a", "b"), unique);
  }

  private static final ObjectId REF = new ObjectId("5f1d7a2b9c8e4f3a2b1c0d0e");

  private static void insertEveryValueType(MongoCollection<Document> docs) {
    docs.insertOne(new Document("_id", "s1").append("email", "a@example.com").append("n", 1).append("ref", REF)
        .append("a", 1).append("b", "x").append("text", "hello").append("nested",
            new Document("list", List.of(1, 2L, 3.5, "four", new Document("five", 5))).append("empty", new Document()))
        .append("null", null).append("bool", true));
    docs.insertOne(new Document("_id", "s2").append("email", "b@example.com").append("n", 2L).append("a", 1)
        .append("b", "y").append("date", new Date(1_700_000_000_123L)).append("bin", new Binary(new byte[] {1, 2, 3}))
        .append("uuid", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"))
        .append("dec", Decimal128.parse("123.450")).append("min", new MinKey()).append("max", new MaxKey())
        .append("ts", new BsonTimestamp(1_700_000_000, 3)).append("code", new Code("function() {}"))
        .append("regex", new org.bson.BsonRegularExpression("^a.*", "i")));
    docs.insertOne(new Document("_id", new ObjectId("000000000000000000000001")).append("n", 3.5).append("a", 2)
        .append("b", "x"));
    docs.insertOne(new Document("_id", 42L).append("note", "numeric id"));
    docs.insertOne(new Document("_id", new Document("compound", 1).append("id", "x")).append("n", -7));
  }

  /** Each unique index refuses a second document with an existing key, as MongoDB does (code 11000). */
  private static void assertUniqueIndexesRefuseDuplicates(MongoCollection<Document> docs) {
    assertDuplicate(docs, new Document("_id", "dup1").append("email", "a@example.com"));
    assertDuplicate(docs, new Document("_id", "dup2").append("n", 2)); // 2 and 2L: one number to an index
    assertDuplicate(docs, new Document("_id", "dup3").append("n", 3.5));
    assertDuplicate(docs, new Document("_id", "dup4").append("ref", REF));
    assertDuplicate(docs, new Document("_id", "dup5").append("a", 1).append("b", "y"));
    assertDuplicate(docs, new Document("_id", "s1"));
    assertDuplicate(docs, new Document("_id", new ObjectId("000000000000000000000001")));
    assertDuplicate(docs, new Document("_id", new Document("compound", 1).append("id", "x")));
    assertThat(docs.find(Filters.regex("_id", "^dup")).first()).isNull();
  }

  private static void assertDuplicate(MongoCollection<Document> docs, Document document) {
    assertThatThrownBy(() -> docs.insertOne(document)).as("%s", document)
        .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getCode()).isEqualTo(DUPLICATE_KEY));
  }

  /**
   * Queries naming {@code _id} and more fields read the one document by its id (IdLookupH2Collection)
   * instead of scanning: the same answers as a scan for finds, compare-and-set updates, and the upsert
   * that loses to an existing id (duplicate key, how the chat projector detects a lost race).
   */
  @Test
  void queriesNamingTheIdAndMoreFieldsAnswerAsAScanWould(@TempDir Path dir) {
    ObjectId oid = new ObjectId();
    onEmbedded(dir.resolve("herald.mv.db"), true, mongo -> {
      MongoCollection<Document> docs = docs(mongo);
      docs.insertMany(List.of(new Document("_id", "a").append("v", 1).append("k", "x"),
          new Document("_id", "b").append("v", 2).append("k", "x"), new Document("_id", oid).append("v", 3),
          new Document("_id", 7).append("v", 4)));

      assertThat(docs.find(Filters.and(Filters.eq("_id", "a"), Filters.eq("v", 1))).into(new ArrayList<>()))
          .extracting(d -> d.get("_id")).containsExactly("a");
      assertThat(docs.find(Filters.and(Filters.eq("_id", "a"), Filters.eq("v", 2))).first()).isNull();
      assertThat(docs.find(Filters.and(Filters.eq("_id", "zz"), Filters.eq("k", "x"))).first()).isNull();
      assertThat(docs.find(Filters.and(Filters.eq("_id", "b"), Filters.gt("v", 1), Filters.eq("k", "x"))).first())
          .containsEntry("v", 2);
      assertThat(docs.find(Filters.and(Filters.eq("_id", oid), Filters.eq("v", 3))).first()).containsEntry("v", 3);
      assertThat(docs.find(Filters.and(Filters.eq("_id", 7), Filters.eq("v", 4))).first()).as("a numeric id: scanned")
          .containsEntry("v", 4);
      assertThat(docs.find(Filters.in("_id", "b", "a", "zz", oid, "a")).into(new ArrayList<>()))
          .extracting(d -> d.get("_id")).as("$in of ids (mongo-java-server's _id index): missing ones skipped")
          .containsExactlyInAnyOrder("a", "b", oid);
      assertThat(docs.find(Filters.and(Filters.in("_id", "a", "b"), Filters.eq("v", 2))).into(new ArrayList<>()))
          .extracting(d -> d.get("_id")).containsExactly("b");
      assertThat(docs.find(Filters.in("_id", "a", 7)).into(new ArrayList<>())).extracting(d -> d.get("_id"))
          .as("a numeric id among them: scanned").containsExactlyInAnyOrder("a", 7);

      assertThat(docs.updateOne(Filters.and(Filters.eq("_id", "a"), Filters.eq("v", 1)), Updates.set("w", 1))
          .getModifiedCount()).isEqualTo(1);
      assertThat(docs.updateOne(Filters.and(Filters.eq("_id", "b"), Filters.eq("v", 99)), Updates.set("w", 1))
          .getModifiedCount()).isZero();
      assertThat(docs.find(Filters.eq("_id", "b")).first()).doesNotContainKey("w");

      var upsert = new com.mongodb.client.model.UpdateOptions().upsert(true);
      assertThat(docs.updateOne(Filters.and(Filters.eq("_id", "c"), Filters.eq("v", null)), Updates.set("v", 5), upsert)
          .getUpsertedId()).isNotNull();
      assertThat(docs.find(Filters.eq("_id", "c")).first()).containsEntry("v", 5);
      assertThatThrownBy(() -> docs.updateOne(Filters.and(Filters.eq("_id", "c"), Filters.eq("v", 4)), Updates.set("v", 6), upsert))
          .as("the id exists but the rest does not match: the upsert's insert is a duplicate key")
          .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getCode()).isEqualTo(DUPLICATE_KEY));
      assertThat(docs.find(Filters.eq("_id", "c")).first()).containsEntry("v", 5);
    });
  }

  private static MongoCollection<Document> docs(MongoClient client) {
    return client.getDatabase("herald").getCollection("docs");
  }

  /** Runs {@code work} against EmbeddedMongo on {@code file}, then returns every document of herald.docs. */
  private static List<Document> onEmbedded(Path file, boolean compact, Consumer<MongoClient> work) {
    try (EmbeddedMongo mongo = EmbeddedMongo.builder().file(file).start();
         MongoClient client = client(mongo.connectionString())) {
      assertThat(mongo.compactStorage()).as("compact format").isEqualTo(compact);
      assertThat(mongo.cacheMegabytes()).as("page cache: small for compact pages, large for Java-serialized ones")
          .isEqualTo(compact ? EmbeddedMongo.DEFAULT_CACHE_MEGABYTES : EmbeddedMongo.LEGACY_CACHE_MEGABYTES);
      work.accept(client);
      return docs(client).find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }
  }

  /** The same with mongo-java-server's own H2 backend: the format every file had before. */
  private static List<Document> onPlainH2Backend(Path file, Consumer<MongoClient> work) {
    MongoServer server = new MongoServer(new H2Backend(new MVStore.Builder().fileName(file.toString()).open()));
    try {
      InetSocketAddress address = server.bind();
      try (MongoClient client = client("mongodb://" + address.getHostString() + ":" + address.getPort())) {
        work.accept(client);
        return docs(client).find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
      }
    } finally {
      server.shutdown();
    }
  }

  private static MongoClient client(String connectionString) {
    return MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(connectionString))
        .uuidRepresentation(UuidRepresentation.STANDARD)
        .build());
  }
}
