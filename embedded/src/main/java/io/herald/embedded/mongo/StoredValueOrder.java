package io.herald.embedded.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BsonJavaScript;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The order of keys in the compact storage format: a total order on decoded values, consistent
 * with the equality H2's {@link ObjectDataType} (the legacy format) had, computed without
 * serializing anything.
 *
 * <p>Two values are the same key iff they have the same type and equal values: Integer 1 and Long 1
 * are different keys (as before; a unique index never sees the difference, mongo-java-server
 * normalizes index keys to Double first), a Document equals another only with the same fields in
 * the same order, any two {@link List}s with equal elements are the same key (the legacy format
 * also told list classes apart; values decode as ArrayList here, so that never mattered). Within a
 * type, the order ObjectDataType used: natural order for Java's own types and for mongo-java-server's
 * {@link Comparable} values (String, Integer, Long, Double, UUID, ObjectId, Instant, BinData,
 * Decimal128, BsonTimestamp), so a collection with homogeneous ids iterates as it did. Documents,
 * lists and {@link KeyValue}s (ordered by serialized bytes before) now order field by field / element
 * by element. Across types: ObjectDataType's type ranks for Java's own types, then other classes by
 * name. A value of a class this order does not know compares as ObjectDataType did (compareTo, or
 * serialized bytes): correct, only slow, and no wire value reaches it.
 */
final class StoredValueOrder implements Comparator<Object> {

  static final StoredValueOrder INSTANCE = new StoredValueOrder();

  /** ObjectDataType's type ids, which ordered values of different types. */
  private static final int RANK_OTHER = 19;

  private StoredValueOrder() {}

  @Override
  public int compare(Object a, Object b) {
    if (a == b) {
      return 0;
    }
    int rankA = rank(a);
    int rankB = rank(b);
    if (rankA != rankB) {
      return Integer.compare(rankA, rankB);
    }
    if (rankA == 0) {
      return 0;
    }
    if (rankA != RANK_OTHER) {
      return compareSameBuiltIn(a, b);
    }
    String classA = className(a);
    String classB = className(b);
    if (!classA.equals(classB)) {
      // ObjectDataType compared the serialized bytes, which start with the class name's length.
      int byLength = Integer.compare(classA.length(), classB.length());
      return byLength != 0 ? byLength : classA.compareTo(classB);
    }
    return compareSameClass(a, b);
  }

  /** ObjectDataType's {@code getTypeId}, in the same order of checks. */
  private static int rank(Object o) {
    if (o instanceof Integer) {
      return 4;
    } else if (o instanceof String) {
      return 11;
    } else if (o instanceof Long) {
      return 5;
    } else if (o instanceof Double) {
      return 8;
    } else if (o instanceof Float) {
      return 7;
    } else if (o instanceof Boolean) {
      return 1;
    } else if (o instanceof UUID) {
      return 12;
    } else if (o instanceof Byte) {
      return 2;
    } else if (o instanceof Short) {
      return 3;
    } else if (o instanceof Character) {
      return 10;
    } else if (o == null) {
      return 0;
    } else if (o.getClass() == Date.class) {
      return 13;
    } else if (o.getClass() == BigInteger.class) {
      return 6;
    } else if (o.getClass() == BigDecimal.class) {
      return 9;
    } else if (o.getClass().isArray()) {
      return 14;
    }
    return RANK_OTHER;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareSameBuiltIn(Object a, Object b) {
    if (a.getClass().isArray()) {
      return StoredValueType.compareSerialized(a, b);
    }
    return ((Comparable) a).compareTo(b);
  }

  /** Every List is one type here (see the class comment). */
  private static String className(Object o) {
    return o instanceof List ? "java.util.List" : o.getClass().getName();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private int compareSameClass(Object a, Object b) {
    if (a instanceof Document da) {
      return compareDocuments(da, (Document) b);
    } else if (a instanceof List<?> la) {
      return compareSequences(la.iterator(), ((List<?>) b).iterator());
    } else if (a instanceof KeyValue ka) {
      return compareKeyValues(ka, (KeyValue) b);
    } else if (a instanceof Missing || a instanceof MinKey || a instanceof MaxKey) {
      return 0; // stateless: every instance serialized to the same bytes
    } else if (a instanceof BsonRegularExpression ra) {
      BsonRegularExpression rb = (BsonRegularExpression) b;
      int byPattern = ra.getPattern().compareTo(rb.getPattern());
      return byPattern != 0 ? byPattern : Objects.compare(ra.getOptions(), rb.getOptions(),
          Comparator.nullsFirst(Comparator.naturalOrder()));
    } else if (a instanceof BsonJavaScript ja) {
      return ja.getCode().compareTo(((BsonJavaScript) b).getCode());
    } else if (a instanceof Comparable ca) {
      return ca.compareTo(b); // ObjectId, Instant, BinData, Decimal128, BsonTimestamp, LegacyUUID, ...
    }
    return StoredValueType.compareSerialized(a, b);
  }

  private int compareDocuments(Document a, Document b) {
    Iterator<Map.Entry<String, Object>> ia = a.entrySet().iterator();
    Iterator<Map.Entry<String, Object>> ib = b.entrySet().iterator();
    while (ia.hasNext() && ib.hasNext()) {
      Map.Entry<String, Object> ea = ia.next();
      Map.Entry<String, Object> eb = ib.next();
      int byKey = ea.getKey().compareTo(eb.getKey());
      if (byKey != 0) {
        return byKey;
      }
      int byValue = compare(ea.getValue(), eb.getValue());
      if (byValue != 0) {
        return byValue;
      }
    }
    return Boolean.compare(ia.hasNext(), ib.hasNext());
  }

  /** Index keys: the hot path of a unique index's B-tree search, so without iterators. */
  private int compareKeyValues(KeyValue a, KeyValue b) {
    int common = Math.min(a.size(), b.size());
    for (int i = 0; i < common; i++) {
      int c = compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private int compareSequences(Iterator<?> ia, Iterator<?> ib) {
    while (ia.hasNext() && ib.hasNext()) {
      int c = compare(ia.next(), ib.next());
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(ia.hasNext(), ib.hasNext());
  }
}
