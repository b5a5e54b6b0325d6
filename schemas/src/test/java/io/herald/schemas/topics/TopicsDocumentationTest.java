package io.herald.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/** docs/topics.md is the analytics contract: it must name every topic and every top-level field. */
class TopicsDocumentationTest {

  @Test
  void everyTopicAndFieldIsDocumented() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "topics.md"));
    for (TopicSpec<String, ?> topic : Topics.ALL) {
      assertThat(doc).as("docs/topics.md names topic %s", topic.name()).contains("| `" + topic.name() + "` |");
      Schema schema = SpecificData.get().getSchema(topic.valueType());
      for (Schema.Field f : schema.getFields()) {
        assertThat(doc).as("docs/topics.md documents %s.%s", schema.getName(), f.name()).contains("| `" + f.name() + "` |");
      }
    }
  }
}
