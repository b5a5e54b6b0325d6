package io.herald.embedded.mongo;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which format an H2 file of the Mongo-wire server stores its collections in. A file created by
 * this version holds a small map {@value #MARKER_MAP} = {@value #COMPACT}: collections and unique
 * indexes in {@link StoredValueType}. A file that already holds maps but no mark was written before
 * (H2's ObjectDataType, Java serialization) and stays in that format, so existing data keeps
 * working; there is no migration in place. H2 does not record a map's data types in the file, so
 * the mark is the only thing that tells the two apart: it is written before any collection.
 *
 * <p>The marker's name has no dot on purpose: mongo-java-server's database drop removes every map
 * whose name starts with {@code <database>.}, and Herald's database is called {@code herald}.
 */
final class MongoStorageFormat {

  static final String MARKER_MAP = "herald-storage-format";
  static final String VERSION_KEY = "version";
  /** The compact format, version 1 ({@link StoredValueType}'s tags). */
  static final int COMPACT = 1;

  private static final Logger log = LoggerFactory.getLogger(MongoStorageFormat.class);

  private MongoStorageFormat() {}

  /**
   * Marks an empty store as compact (and commits the mark); says once in the log if it is a legacy
   * file; refuses a file marked by a newer format. Returns the store.
   */
  static MVStore prepare(MVStore store) {
    if (store.hasMap(MARKER_MAP)) {
      int version = version(store);
      if (version != COMPACT) {
        throw new IllegalStateException("the Mongo-wire file " + fileName(store) + " is in storage format "
            + version + ", which this version of Herald cannot read (it reads " + COMPACT + ")");
      }
    } else if (store.getMapNames().isEmpty()) {
      MVMap<String, Integer> marker = store.openMap(MARKER_MAP);
      marker.put(VERSION_KEY, COMPACT);
      store.commit();
    } else {
      log.info("Mongo-wire file {} is in the legacy storage format (Java-serialized documents): it keeps"
          + " working, more slowly; a new file gets the compact format", fileName(store));
    }
    return store;
  }

  static boolean isCompact(MVStore store) {
    return store.hasMap(MARKER_MAP);
  }

  private static int version(MVStore store) {
    MVMap<String, Object> marker = store.openMap(MARKER_MAP);
    return marker.get(VERSION_KEY) instanceof Integer v ? v : -1;
  }

  private static String fileName(MVStore store) {
    return store.getFileStore() == null ? "(in memory)" : store.getFileStore().getFileName();
  }
}
