package io.herald.chat.readmodel;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/** Lenient readers for stored fields: numbers may come back as Integer or Long, dates as Date. */
final class Docs {

  private Docs() {}

  static long longOr(Document d, String field, long fallback) {
    Object v = d.get(field);
    return v instanceof Number n ? n.longValue() : fallback;
  }

  static Instant instantOrNull(Document d, String field) {
    Object v = d.get(field);
    return v instanceof Date date ? date.toInstant() : null;
  }

  static List<String> strings(Document d, String field) {
    List<String> v = d.getList(field, String.class);
    return v == null ? List.of() : List.copyOf(v);
  }

  static Date date(Instant instant) {
    return instant == null ? null : Date.from(instant);
  }
}
