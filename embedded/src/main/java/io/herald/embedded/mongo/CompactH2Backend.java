package io.herald.embedded.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend with collections and unique indexes in the compact storage format
 * ({@link StoredValueType} for keys and values) when the file is marked so ({@link MongoStorageFormat});
 * a file without the mark keeps the legacy format (H2's ObjectDataType: Java serialization).
 *
 * <p>How: H2's {@code openMap(name)} returns a map that is already open, whatever its data types, so
 * opening each data and index map with our types just before mongo-java-server's {@link H2Database}
 * opens it by name makes it use them; mongo-java-server's classes are not copied. The per-collection
 * meta maps (a String key and a Long data size) stay ObjectDataType: those types are H2's own and
 * cheap.
 */
class CompactH2Backend extends H2Backend {

  /** {@code H2Database.DATABASES_PREFIX} (package-private there): data maps are named by it. */
  private static final String DATABASES_PREFIX = "databases.";
  /** {@code H2Database.META_PREFIX} (private there): each collection's meta map. */
  private static final String META_PREFIX = "meta.";

  private static final MVMap.Builder<Object, Object> COMPACT = new MVMap.Builder<>()
      .keyType(StoredValueType.INSTANCE)
      .valueType(StoredValueType.INSTANCE);

  CompactH2Backend(MVStore store) {
    super(MongoStorageFormat.prepare(store)); // marks a new file before the first database opens
  }

  /** Whether this file's collections and indexes are in the compact format. */
  boolean compact() {
    return MongoStorageFormat.isCompact(getMvStore());
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    // Runs in H2Backend's constructor, too: no field of this class is set yet, hence no field.
    return MongoStorageFormat.isCompact(getMvStore())
        ? new CompactH2Database(databaseName)
        : super.openOrCreateDatabase(databaseName);
  }

  private void openCompact(String mapName) {
    getMvStore().openMap(mapName, COMPACT);
  }

  /**
   * An inner class on purpose: H2Database's constructor opens the existing collections and indexes
   * through the overrides below before a field of this class could be set, and javac sets the
   * reference to the enclosing backend (whose store they use) before calling the super constructor.
   */
  private final class CompactH2Database extends H2Database {

    CompactH2Database(String databaseName) {
      super(databaseName, getMvStore(), getCursorRegistry());
    }

    /** H2Database's own three lines, with {@link IdLookupH2Collection} for H2Collection. */
    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
      String namespace = getFullCollectionNamespace(collectionName);
      openCompact(DATABASES_PREFIX + namespace);
      MVMap<Object, Document> dataMap = getMvStore().openMap(DATABASES_PREFIX + namespace);
      MVMap<String, Object> metaMap = getMvStore().openMap(META_PREFIX + namespace);
      return new IdLookupH2Collection(this, collectionName, options, dataMap, metaMap, getCursorRegistry());
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
        boolean sparse) {
      // H2Database.mapNameForIndex (private there), one line.
      openCompact(getFullCollectionNamespace(collectionName) + "._index_" + indexName);
      return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }

    @Override
    public void drop(Oplog oplog) {
      // H2Database.drop opens every map of the database by name to remove it; one not open yet
      // would open as ObjectDataType and fail to read. These are the data and index maps its filter takes.
      getMvStore().getMapNames().stream()
          .filter(name -> name.startsWith(databaseName + ".") || name.startsWith(DATABASES_PREFIX + databaseName))
          .toList()
          .forEach(CompactH2Backend.this::openCompact);
      super.drop(oplog);
    }
  }
}
