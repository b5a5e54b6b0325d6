package io.herald.embedded.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonJavaScript;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The H2 data type of the compact storage format, for the keys and values of collections and unique
 * indexes: every value mongo-java-server stores (documents, their field values, {@code _id}s incl.
 * {@link Missing}, index {@link KeyValue}s) in a tagged binary encoding, instead of H2's
 * {@link ObjectDataType}, which Java-serialized them (ObjectOutputStream per page write,
 * ObjectInputStream per page read, and two serializations per B-tree comparison of index keys).
 *
 * <p>Each value is one tag byte, then its payload; the Java type survives the round trip exactly
 * (Integer stays Integer, an Instant keeps its nanoseconds), as it did with Java serialization. A
 * value of a class not listed below (none comes from the wire) falls back to Java serialization
 * under its own tag, so nothing is ever refused. Keys compare by {@link StoredValueOrder}.
 * Stateless and thread-safe: one instance serves every map.
 */
final class StoredValueType extends BasicDataType<Object> {

  static final StoredValueType INSTANCE = new StoredValueType();

  // Tags: part of the file format; never renumber, only add.
  private static final byte NULL = 0;
  private static final byte MISSING = 1;
  private static final byte FALSE = 2;
  private static final byte TRUE = 3;
  private static final byte INT = 4;
  private static final byte LONG = 5;
  private static final byte DOUBLE = 6;
  private static final byte STRING = 7;
  private static final byte DOCUMENT = 8;
  private static final byte LIST = 9;
  private static final byte OBJECT_ID = 10;
  private static final byte INSTANT = 11;
  private static final byte UUID_TAG = 12;
  private static final byte BIN_DATA = 13;
  private static final byte LEGACY_UUID = 14;
  private static final byte DECIMAL128 = 15;
  private static final byte TIMESTAMP = 16;
  private static final byte MIN_KEY = 17;
  private static final byte MAX_KEY = 18;
  private static final byte REGEX = 19;
  private static final byte JAVASCRIPT = 20;
  private static final byte KEY_VALUE = 21;
  private static final byte DATE = 22;
  private static final byte SERIALIZED = 127;

  private StoredValueType() {}

  @Override
  public Object[] createStorage(int size) {
    return new Object[size];
  }

  @Override
  public int compare(Object a, Object b) {
    return StoredValueOrder.INSTANCE.compare(a, b);
  }

  @Override
  public void write(WriteBuffer buff, Object value) {
    if (value == null) {
      buff.put(NULL);
    } else if (value instanceof String s) {
      buff.put(STRING);
      putString(buff, s);
    } else if (value instanceof Integer i) {
      buff.put(INT).putVarInt(i);
    } else if (value instanceof Long l) {
      buff.put(LONG).putVarLong(l);
    } else if (value instanceof Double d) {
      buff.put(DOUBLE).putDouble(d);
    } else if (value instanceof Boolean b) {
      buff.put(b ? TRUE : FALSE);
    } else if (value instanceof Document document) {
      buff.put(DOCUMENT).putVarInt(document.size());
      for (Map.Entry<String, Object> field : document.entrySet()) {
        putString(buff, field.getKey());
        write(buff, field.getValue());
      }
    } else if (value instanceof List<?> list) {
      buff.put(LIST);
      putAll(buff, list);
    } else if (value instanceof ObjectId id) {
      buff.put(OBJECT_ID).put(id.toByteArray());
    } else if (value instanceof Instant instant) {
      buff.put(INSTANT).putVarLong(instant.getEpochSecond()).putVarInt(instant.getNano());
    } else if (value instanceof Missing) {
      buff.put(MISSING);
    } else if (value instanceof UUID uuid) {
      buff.put(UUID_TAG).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    } else if (value instanceof BinData bin) {
      buff.put(BIN_DATA).putVarInt(bin.getData().length).put(bin.getData());
    } else if (value instanceof LegacyUUID legacy) {
      buff.put(LEGACY_UUID).putLong(legacy.getUuid().getMostSignificantBits())
          .putLong(legacy.getUuid().getLeastSignificantBits());
    } else if (value instanceof Decimal128 decimal) {
      buff.put(DECIMAL128).putLong(decimal.getLow()).putLong(decimal.getHigh());
    } else if (value instanceof BsonTimestamp timestamp) {
      buff.put(TIMESTAMP).putLong(timestamp.getValue());
    } else if (value instanceof MinKey) {
      buff.put(MIN_KEY);
    } else if (value instanceof MaxKey) {
      buff.put(MAX_KEY);
    } else if (value instanceof BsonRegularExpression regex) {
      buff.put(REGEX);
      putString(buff, regex.getPattern());
      putNullableString(buff, regex.getOptions());
    } else if (value instanceof BsonJavaScript js) {
      buff.put(JAVASCRIPT);
      putString(buff, js.getCode());
    } else if (value instanceof KeyValue key) {
      buff.put(KEY_VALUE).putVarInt(key.size());
      for (Object element : key) {
        write(buff, element);
      }
    } else if (value.getClass() == Date.class) {
      buff.put(DATE).putLong(((Date) value).getTime());
    } else {
      byte[] bytes = ObjectDataType.serialize(value);
      buff.put(SERIALIZED).putVarInt(bytes.length).put(bytes);
    }
  }

  @Override
  public Object read(ByteBuffer buff) {
    byte tag = buff.get();
    switch (tag) {
      case NULL:
        return null;
      case MISSING:
        return Missing.getInstance();
      case FALSE:
        return Boolean.FALSE;
      case TRUE:
        return Boolean.TRUE;
      case INT:
        return DataUtils.readVarInt(buff);
      case LONG:
        return DataUtils.readVarLong(buff);
      case DOUBLE:
        return buff.getDouble();
      case STRING:
        return DataUtils.readString(buff);
      case DOCUMENT: {
        int size = DataUtils.readVarInt(buff);
        Document document = new Document();
        for (int i = 0; i < size; i++) {
          String name = DataUtils.readString(buff);
          document.put(name, read(buff));
        }
        return document;
      }
      case LIST:
        return readAll(buff);
      case OBJECT_ID:
        return new ObjectId(bytes(buff, 12));
      case INSTANT:
        return Instant.ofEpochSecond(DataUtils.readVarLong(buff), DataUtils.readVarInt(buff));
      case UUID_TAG:
        return new UUID(buff.getLong(), buff.getLong());
      case BIN_DATA:
        return new BinData(bytes(buff, DataUtils.readVarInt(buff)));
      case LEGACY_UUID:
        return new LegacyUUID(buff.getLong(), buff.getLong());
      case DECIMAL128:
        return new Decimal128(buff.getLong(), buff.getLong());
      case TIMESTAMP:
        return new BsonTimestamp(buff.getLong());
      case MIN_KEY:
        return MinKey.getInstance();
      case MAX_KEY:
        return MaxKey.getInstance();
      case REGEX:
        return new BsonRegularExpression(DataUtils.readString(buff), readNullableString(buff));
      case JAVASCRIPT:
        return new BsonJavaScript(DataUtils.readString(buff));
      case KEY_VALUE:
        return new KeyValue(readAll(buff));
      case DATE:
        return new Date(buff.getLong());
      case SERIALIZED:
        return ObjectDataType.deserialize(bytes(buff, DataUtils.readVarInt(buff)));
      default:
        throw DataUtils.newMVStoreException(DataUtils.ERROR_FILE_CORRUPT,
            "Unknown tag {0} in a value of Herald's compact Mongo storage format", tag);
    }
  }

  /**
   * Bytes the decoded value takes on the heap (H2 sizes its page cache by it): object headers,
   * fields and references of a 64-bit JVM with compressed pointers, a little generous.
   */
  @Override
  public int getMemory(Object value) {
    if (value == null || value instanceof Boolean || value instanceof Missing || value instanceof MinKey
        || value instanceof MaxKey) {
      return 0; // shared instances
    } else if (value instanceof String s) {
      return stringMemory(s);
    } else if (value instanceof Integer) {
      return 16;
    } else if (value instanceof Long || value instanceof Double || value instanceof BsonTimestamp) {
      return 24;
    } else if (value instanceof Document document) {
      int size = 80 + 16 * document.size(); // Document + LinkedHashMap + table; per entry below
      for (Map.Entry<String, Object> field : document.entrySet()) {
        size += 40 + stringMemory(field.getKey()) + getMemory(field.getValue());
      }
      return size;
    } else if (value instanceof Collection<?> list) {
      int size = 40 + 8 * list.size();
      for (Object element : list) {
        size += getMemory(element);
      }
      return size;
    } else if (value instanceof KeyValue key) {
      int size = 56 + 8 * key.size();
      for (Object element : key) {
        size += getMemory(element);
      }
      return size;
    } else if (value instanceof ObjectId) {
      return 48;
    } else if (value instanceof BinData bin) {
      return 32 + bin.getData().length;
    } else if (value instanceof BsonRegularExpression || value instanceof BsonJavaScript) {
      return 128;
    }
    return 40; // Instant, UUID, LegacyUUID, Decimal128, Date, and the rare serialized value
  }

  /** Bytes of a String: object, array header, chars (Latin-1 strings take one byte a char). */
  private static int stringMemory(String s) {
    return 48 + s.length();
  }

  private static void putString(WriteBuffer buff, String s) {
    int length = s.length();
    buff.putVarInt(length).putStringData(s, length);
  }

  private static void putNullableString(WriteBuffer buff, String s) {
    if (s == null) {
      buff.put(NULL);
    } else {
      buff.put(STRING);
      putString(buff, s);
    }
  }

  private static String readNullableString(ByteBuffer buff) {
    return buff.get() == NULL ? null : DataUtils.readString(buff);
  }

  private void putAll(WriteBuffer buff, Collection<?> values) {
    buff.putVarInt(values.size());
    for (Object element : values) {
      write(buff, element);
    }
  }

  private List<Object> readAll(ByteBuffer buff) {
    int size = DataUtils.readVarInt(buff);
    List<Object> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(read(buff));
    }
    return list;
  }

  private static byte[] bytes(ByteBuffer buff, int length) {
    byte[] bytes = new byte[length];
    buff.get(bytes);
    return bytes;
  }

  /** How ObjectDataType ordered values it had to serialize: unsigned bytes of their serialized form. */
  static int compareSerialized(Object a, Object b) {
    return ObjectDataType.compareNotNull(ObjectDataType.serialize(a), ObjectDataType.serialize(b));
  }
}
