package io.herald.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.schemas.topics.TopicSpec;
import io.herald.schemas.topics.Topics;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The evolution rule of DESIGN.md, enforced: every shipped version of every contract can be read
 * by the current reader, and records written now can be read by every past reader.
 */
class SchemaEvolutionTest {

  static Stream<TopicSpec<String, ?>> topics() {
    return Topics.ALL.stream();
  }

  private static Schema current(TopicSpec<String, ?> topic) {
    return SpecificData.get().getSchema(topic.valueType());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topics")
  void latestShippedVersionIsTheCurrentSchema(TopicSpec<String, ?> topic) {
    Schema current = current(topic);
    List<Schema> versions = SchemaHistory.versions(current.getName());
    assertThat(versions).as("history of %s (add vN.avsc when the schema changes)", current.getName()).isNotEmpty();
    assertThat(SchemaNormalization.parsingFingerprint64(versions.get(versions.size() - 1)))
        .as("newest history version of %s must equal src/main/avro", current.getName())
        .isEqualTo(SchemaNormalization.parsingFingerprint64(current));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topics")
  void everyVersionIsCompatibleBothWays(TopicSpec<String, ?> topic) {
    Schema current = current(topic);
    for (Schema past : SchemaHistory.versions(current.getName())) {
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, past).getType())
          .as("current reader of %s reads a past writer", current.getName())
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(past, current).getType())
          .as("past reader of %s reads the current writer", current.getName())
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
  }
}
