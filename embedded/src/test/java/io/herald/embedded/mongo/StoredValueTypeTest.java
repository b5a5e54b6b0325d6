package io.herald.embedded.mongo;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

class StoredValueTypeTest {

  private static final StoredValueType TYPE = StoredValueType.INSTANCE;

  /** Every value type the wire protocol carries, plus the edge values of each, plus a few Java types none does. */
  private static List<Object> samples() {
    List<Object> values = new ArrayList<>(Arrays.asList(
        null, Missing.getInstance(), Boolean.TRUE, Boolean.FALSE,
        0, 1, -1, 15, Integer.MAX_VALUE, Integer.MIN_VALUE,
        0L, 1L, -7L, (1L << 53) + 1, Long.MAX_VALUE, Long.MIN_VALUE,
        0.0, -0.0, 1.0, 1.5, -2.25, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
        "", "a", "b", "ab", "B", "u10", "u2", "é", "日本語", "😀 emoji", "x".repeat(300),
        new ObjectId("000000000000000000000001"), new ObjectId("ffffffffffffffffffffff00"),
        new ObjectId("5f1d7a2b9c8e4f3a2b1c0d0e"),
        Instant.ofEpochMilli(1_700_000_000_123L), Instant.ofEpochSecond(1_700_000_000L, 123_456_789),
        Instant.ofEpochMilli(-86_400_000L), Instant.EPOCH,
        new Date(1_700_000_000_000L),
        new UUID(1, 2), new UUID(-1, 5), UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
        new LegacyUUID(3, 4),
        new BinData(new byte[0]), new BinData(new byte[] {1, 2, 3}), new BinData(new byte[] {(byte) 0xff}),
        Decimal128.ONE, Decimal128.TWO, Decimal128.NaN, Decimal128.NEGATIVE_ZERO, Decimal128.POSITIVE_INFINITY,
        new Decimal128(new BigDecimal("123.456")), new Decimal128(new BigDecimal("-0.001")),
        new BsonTimestamp(1L), new BsonTimestamp(Instant.ofEpochSecond(1_700_000_000L), 3),
        MinKey.getInstance(), MaxKey.getInstance(),
        new BsonJavaScript("function() { return 1; }"), new BsonJavaScript(""),
        new KeyValue(1.0), new KeyValue("a"), new KeyValue((Object) null), new KeyValue("a", 1.0), new KeyValue("a", 2.0),
        new KeyValue(new ObjectId("000000000000000000000001")), new KeyValue(3L), new KeyValue(List.of(1.0, "x")),
        new ArrayList<>(), list(1), list(1L), list(1, 2), list("a", new ObjectId("000000000000000000000001"), null),
        new Document("a", 1), new Document("a", 1L), new Document("a", 1).append("b", 2),
        new Document("b", 2).append("a", 1), new Document(),
        new Document("x", new Document("y", list(1, 2, new Document("z", null)))).append("t", Instant.EPOCH),
        // No wire value has these Java types: the Java-serialized fallback.
        (short) 3, (byte) 4, 1.5f, 'c', new BigInteger("123456789012345678901234567890"), new BigDecimal("1.5")));
    values.add(new BsonRegularExpression("^a.*", "i"));
    values.add(new BsonRegularExpression("^a.*", null));
    values.add(new BsonRegularExpression("^b", ""));
    return values;
  }

  private static List<Object> list(Object... values) {
    return new ArrayList<>(Arrays.asList(values));
  }

  @Test
  void everyValueTypeRoundTripsWithItsJavaType() {
    for (Object value : samples()) {
      Object back = roundTrip(value);
      if (value instanceof BsonRegularExpression regex) {
        assertThat(back).isInstanceOfSatisfying(BsonRegularExpression.class, r -> {
          assertThat(r.getPattern()).isEqualTo(regex.getPattern());
          assertThat(r.getOptions()).isEqualTo(regex.getOptions());
        });
      } else {
        assertThat(back).as("%s", value).isEqualTo(value);
        if (value != null) {
          assertThat(back.getClass()).as("%s", value).isEqualTo(value.getClass());
        }
      }
    }
  }

  @Test
  void aDocumentWithEveryValueTypeRoundTripsFieldByField() {
    Document document = new Document("_id", new ObjectId());
    List<Object> all = new ArrayList<>();
    int i = 0;
    for (Object value : samples()) {
      if (!(value instanceof BsonRegularExpression)) { // no equals()
        document.append("f" + i++, value);
        all.add(value);
      }
    }
    document.append("all", all).append("nested", new Document("copy", new Document(document)));
    Document back = (Document) roundTrip(document);
    assertThat(back).isEqualTo(document);
    assertThat(back.keySet()).containsExactlyElementsOf(document.keySet());
    assertThat(((Document) back.get("nested")).get("copy")).isInstanceOf(Document.class);
    assertThat(back.get("all")).isInstanceOf(ArrayList.class);
  }

  @Test
  void twoValuesAreTheSameKeyExactlyWhenTheLegacyTypeSaidSo() {
    ObjectDataType legacy = new ObjectDataType();
    List<Object> values = samples();
    for (Object a : values) {
      for (Object b : values) {
        boolean legacySame = legacy.compare(a, b) == 0;
        assertThat(TYPE.compare(a, b) == 0).as("%s vs %s", a, b).isEqualTo(legacySame);
      }
    }
    // What that means, spelled out.
    assertThat(TYPE.compare(1, 1L)).isNotZero();
    assertThat(TYPE.compare(0.0, -0.0)).isNotZero();
    assertThat(TYPE.compare(new Document("a", 1).append("b", 2), new Document("b", 2).append("a", 1))).isNotZero();
    assertThat(TYPE.compare(new KeyValue("a", 1.0), new KeyValue("a", 1.0))).isZero();
    assertThat(TYPE.compare(Missing.getInstance(), Missing.getInstance())).isZero();
    assertThat(TYPE.compare(Missing.getInstance(), null)).isNotZero();
    assertThat(TYPE.compare(list(1, 2), List.of(1, 2))).as("lists of any class").isZero();
  }

  @Test
  void withinATypeTheOrderIsTheLegacyOrderAndAcrossBuiltInTypesToo() {
    ObjectDataType legacy = new ObjectDataType();
    Set<Class<?>> comparable = Set.of(String.class, Integer.class, Long.class, Double.class, Boolean.class,
        UUID.class, ObjectId.class, Instant.class, Date.class, BinData.class, Decimal128.class, BsonTimestamp.class,
        LegacyUUID.class);
    int checked = 0;
    for (Object a : samples()) {
      for (Object b : samples()) {
        boolean sameComparableClass = a != null && b != null && a.getClass() == b.getClass()
            && comparable.contains(a.getClass());
        boolean differentBuiltInRanks = builtIn(a) || builtIn(b);
        if (sameComparableClass || differentBuiltInRanks && !sameClass(a, b)) {
          assertThat(Integer.signum(TYPE.compare(a, b))).as("%s vs %s", a, b)
              .isEqualTo(Integer.signum(legacy.compare(a, b)));
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(3000);
    List<Object> ids = list("u10", "b", "B", "a", "é", "u2", "");
    ids.sort(TYPE);
    assertThat(ids).containsExactly("", "B", "a", "b", "u10", "u2", "é");
  }

  @Test
  void theOrderIsTotal() {
    List<Object> values = samples();
    for (Object a : values) {
      assertThat(TYPE.compare(a, a)).isZero();
      for (Object b : values) {
        int ab = Integer.signum(TYPE.compare(a, b));
        assertThat(ab).as("%s vs %s", a, b).isEqualTo(-Integer.signum(TYPE.compare(b, a)));
        for (Object c : values) {
          if (ab <= 0 && TYPE.compare(b, c) <= 0) {
            assertThat(TYPE.compare(a, c)).as("%s <= %s <= %s", a, b, c).isLessThanOrEqualTo(0);
          }
        }
      }
    }
  }

  @Test
  void memoryEstimateGrowsWithTheDocument() {
    Document small = new Document("_id", "c1:1").append("text", "hi");
    Document large = new Document(small).append("body", "x".repeat(2000)).append("tags", list("a", "b", "c"));
    assertThat(TYPE.getMemory(small)).isBetween(200, 1000);
    assertThat(TYPE.getMemory(large)).isGreaterThan(TYPE.getMemory(small) + 2000);
    assertThat(TYPE.getMemory(new KeyValue("someone@example.com"))).isBetween(64, 400);
  }

  private static boolean builtIn(Object o) {
    return o == null || o instanceof Integer || o instanceof String || o instanceof Long || o instanceof Double
        || o instanceof Boolean || o instanceof UUID || o.getClass() == Date.class;
  }

  private static boolean sameClass(Object a, Object b) {
    return a != null && b != null && a.getClass() == b.getClass();
  }

  private static Object roundTrip(Object value) {
    WriteBuffer out = new WriteBuffer();
    TYPE.write(out, value);
    ByteBuffer in = out.getBuffer();
    in.flip();
    Object back = TYPE.read(in);
    assertThat(in.remaining()).as("bytes left after %s", value).isZero();
    return back;
  }
}
