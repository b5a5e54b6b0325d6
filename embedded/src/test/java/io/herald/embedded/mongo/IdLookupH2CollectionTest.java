package io.herald.embedded.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which queries read one document by id: an exact String or ObjectId id, at the top or in a top-level $and. */
class IdLookupH2CollectionTest {

  @Test
  void anExactStringOrObjectIdAtTheTopOrInATopLevelAnd() {
    ObjectId oid = new ObjectId();
    assertThat(IdLookupH2Collection.exactId(new Document("_id", "a").append("v", 1), "_id")).isEqualTo("a");
    assertThat(IdLookupH2Collection.exactId(new Document("_id", oid), "_id")).isEqualTo(oid);
    assertThat(IdLookupH2Collection.exactId(new Document("$and",
        List.of(new Document("_id", "a"), new Document("stateOffset", null))), "_id")).as("Filters.and's rendering").isEqualTo("a");
    assertThat(IdLookupH2Collection.exactId(new Document("$and", List.of(new Document("v", 1),
        new Document("$and", List.of(new Document("_id", "b"))))), "_id")).isEqualTo("b");
  }

  @Test
  void anythingElseIsScannedAsBefore() {
    assertThat(IdLookupH2Collection.exactId(new Document("_id", 7), "_id")).as("numbers equal across types").isNull();
    assertThat(IdLookupH2Collection.exactId(new Document("_id", new Document("$in", List.of("a", "b"))), "_id")).isNull();
    assertThat(IdLookupH2Collection.exactId(new Document("$or", List.of(new Document("_id", "a"), new Document("v", 1))), "_id"))
        .as("either may match").isNull();
    assertThat(IdLookupH2Collection.exactId(new Document("v", 1), "_id")).isNull();
  }
}
