package io.herald.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every published version of a record schema, shipped in this jar under
 * {@code io/herald/schemas/history/<Name>/v<N>.avsc}. Readers resolve a writer schema by
 * fingerprint among these, so records written by any past producer stay readable.
 */
public final class SchemaHistory {

  private static final String ROOT = "/io/herald/schemas/history/";

  private SchemaHistory() {}

  /** All versions of the named record, oldest first; empty if none is shipped. */
  public static List<Schema> versions(String recordName) {
    List<Schema> out = new ArrayList<>();
    for (int v = 1; ; v++) {
      try (InputStream in = SchemaHistory.class.getResourceAsStream(ROOT + recordName + "/v" + v + ".avsc")) {
        if (in == null) {
          return out;
        }
        out.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read schema history of " + recordName, e);
      }
    }
  }
}
