package io.herald.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.schemas.topics.TopicSpec;
import io.herald.schemas.topics.Topics;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The evolution rule (docs/architecture.md, Contracts and wire format), enforced: every shipped
 * version of every contract can be read by the current reader, and records written now can be read
 * by every past reader.
 */
class SchemaEvolutionTest {

  static Stream<TopicSpec<String, ?>> topics() {
    return Topics.ALL.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topics")
  void everyContractKeepsTheEvolutionRule(TopicSpec<String, ?> topic) {
    Schema current = SpecificData.get().getSchema(topic.valueType());
    assertThat(SchemaHistory.versions(current.getName())).isNotEmpty();
    assertThat(SchemaEvolution.violations(current)).isEmpty();
  }

  @Test
  void aChangedSchemaWithoutANewVersionIsCaught() {
    Schema changed = SchemaBuilder.record("CheckoutCompleted").namespace("io.herald.events").fields()
        .requiredString("event_id").endRecord();
    List<String> violations = SchemaEvolution.violations(changed);
    assertThat(violations).anyMatch(v -> v.contains("differs from the current schema"));
    assertThat(violations).anyMatch(v -> v.contains("cannot read"));
  }

  @Test
  void aRecordWithoutHistoryIsCaught() {
    Schema unknown = SchemaBuilder.record("NoSuchRecord").namespace("io.herald.events").fields()
        .requiredString("x").endRecord();
    assertThat(SchemaEvolution.violations(unknown)).singleElement().asString().contains("no history");
  }
}
