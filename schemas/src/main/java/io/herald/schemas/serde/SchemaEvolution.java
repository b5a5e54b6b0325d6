package io.herald.schemas.serde;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;

/**
 * The evolution rule of every Herald record — topic contracts and Streams state alike: the newest
 * shipped version ({@link SchemaHistory}) is the current schema, and every shipped version reads
 * the current one and is read by it.
 */
public final class SchemaEvolution {

  private SchemaEvolution() {}

  /** What breaks the rule for {@code current}; empty when it holds. */
  public static List<String> violations(Schema current) {
    List<String> out = new ArrayList<>();
    List<Schema> history = SchemaHistory.versions(current.getName());
    if (history.isEmpty()) {
      out.add("no history for " + current.getName() + ": add io/herald/schemas/history/" + current.getName() + "/v1.avsc");
      return out;
    }
    if (SchemaNormalization.parsingFingerprint64(history.get(history.size() - 1))
        != SchemaNormalization.parsingFingerprint64(current)) {
      out.add("newest history version of " + current.getName() + " differs from the current schema: add v"
          + (history.size() + 1) + ".avsc");
    }
    for (int i = 0; i < history.size(); i++) {
      Schema past = history.get(i);
      if (SchemaCompatibility.checkReaderWriterCompatibility(current, past).getType() != SchemaCompatibilityType.COMPATIBLE) {
        out.add("the current " + current.getName() + " cannot read v" + (i + 1));
      }
      if (SchemaCompatibility.checkReaderWriterCompatibility(past, current).getType() != SchemaCompatibilityType.COMPATIBLE) {
        out.add("v" + (i + 1) + " of " + current.getName() + " cannot read the current schema");
      }
    }
    return out;
  }
}
