package io.herald.processors.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.processors.chat.state.ConversationState;
import io.herald.processors.chat.state.ConversationType;
import io.herald.processors.chat.state.MemberState;
import io.herald.schemas.serde.AvroSerde;
import io.herald.schemas.serde.SchemaEvolution;
import io.herald.schemas.serde.SchemaHistory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The store's value evolves like a topic contract: a state written by any shipped version must be
 * restorable from the changelog by the current code, and a rolled-back instance must read new state.
 */
class ConversationStateSchemaTest {

  private final Schema current = ConversationState.getClassSchema();
  private final List<Schema> history = SchemaHistory.versions(current.getName());

  @Test
  void keepsTheEvolutionRuleOfEveryShippedVersion() {
    assertThat(history).as("add io/herald/schemas/history/ConversationState/vN.avsc when the schema changes").isNotEmpty();
    assertThat(SchemaEvolution.violations(current)).isEmpty();
  }

  @Test
  void roundTripsThroughTheStoreSerde() {
    Map<String, MemberState> members = new HashMap<>(Map.of("a", new MemberState(3L, 2L), "b", new MemberState(0L, 0L)));
    ConversationState state = new ConversationState(ConversationType.GROUP, "team", 3L, List.of("a"), members);
    AvroSerde<ConversationState> serde = AvroSerde.of(ConversationState.class);
    assertThat(serde.deserialize("t", serde.serialize("t", state))).isEqualTo(state);
  }
}
