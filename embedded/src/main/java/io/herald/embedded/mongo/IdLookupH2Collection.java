package io.herald.embedded.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;

/**
 * An H2 collection whose queries with an exact {@code _id} (a String or an ObjectId) and further
 * conditions read that one document instead of scanning the collection. mongo-java-server uses an
 * index only when a query names exactly the index's fields ({@code AbstractUniqueIndex.canHandle}),
 * so {@code {$and: [{_id: x}, {stateOffset: y}]}} (the chat projector's compare-and-set of a
 * conversation's state, one per message; the Java driver renders {@code Filters.and} as {@code $and})
 * decoded every document of the collection: 28 % of the platform's CPU at 100 chat messages/s. The data map is keyed by the {@code _id} value itself, and a String or
 * ObjectId equals only a value of its own type, so the one candidate is exact; the remaining
 * conditions, order, skip and limit go through mongo-java-server's own matching as before.
 *
 * <p>Updates change a copy. mongo-java-server applies an update to the document its query returned,
 * in place ({@code AbstractMongoCollection.updateDocument}: removes and puts fields, then stores it
 * again), and here that is the very instance the MVMap holds, which H2's serialization thread may be
 * writing out for a commit at that moment: a {@code ConcurrentModificationException} there closes the
 * whole store (seen in CI: every command after it failed with "This store is closed"). So while an
 * update or findAndModify runs, the documents its query matches are deep copies, and the stored
 * instance is replaced, never changed (H2's maps are copy-on-write by design).
 */
final class IdLookupH2Collection extends H2Collection {

  IdLookupH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                       MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursors) {
    super(database, collectionName, options, dataMap, metaMap, cursors);
  }

  /** Set while this thread runs an update: its query's documents are then copies (see the class comment). */
  private static final ThreadLocal<Boolean> UPDATING = ThreadLocal.withInitial(() -> false);

  @Override
  public Document updateDocuments(Document selector, Document update, ArrayFilters arrayFilters, boolean isMulti,
                                  boolean isUpsert, Oplog oplog) {
    UPDATING.set(true);
    try {
      return super.updateDocuments(selector, update, arrayFilters, isMulti, isUpsert, oplog);
    } finally {
      UPDATING.set(false);
    }
  }

  @Override
  public Document findAndModify(Document query) {
    UPDATING.set(true);
    try {
      return super.findAndModify(query);
    } finally {
      UPDATING.set(false);
    }
  }

  @Override
  protected Document getDocument(Object position) { // by _id here, and by position in an index's answer
    Document stored = super.getDocument(position);
    return stored != null && UPDATING.get() ? stored.cloneDeeply() : stored;
  }

  @Override
  protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int numberToReturn,
                                       int batchSize, Document fieldSelector) {
    String idField = getIdField();
    Object id = idField == null ? null : exactId(query, idField);
    if (id != null) {
      Document candidate = getDocument(id);
      return matchDocumentsFromStream(candidate == null ? Stream.empty() : Stream.of(candidate), query, orderBy,
          numberToSkip, numberToReturn, batchSize, fieldSelector);
    }
    QueryResult scanned = super.matchDocuments(query, orderBy, numberToSkip, numberToReturn, batchSize, fieldSelector);
    if (!UPDATING.get()) {
      return scanned;
    }
    List<Document> copies = new ArrayList<>();
    scanned.forEach(d -> copies.add(d.cloneDeeply()));
    return new QueryResult(copies, scanned.getCursorId());
  }

  /**
   * The String or ObjectId the query requires of the id field, at its top level or in a top-level
   * {@code $and} (how the Java driver renders {@code Filters.and}); null when it requires none.
   */
  static Object exactId(Document query, String idField) {
    Object id = query.get(idField);
    if (id instanceof String || id instanceof ObjectId) {
      return id;
    }
    if (query.get("$and") instanceof Collection<?> conjuncts) {
      for (Object conjunct : conjuncts) {
        if (conjunct instanceof Document d) {
          Object inner = exactId(d, idField);
          if (inner != null) {
            return inner;
          }
        }
      }
    }
    return null;
  }
}
