package io.herald.processors.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.processors.presence.state.EndedSession;
import io.herald.processors.presence.state.LiveSession;
import io.herald.processors.presence.state.UserPresence;
import io.herald.schemas.serde.AvroSerde;
import io.herald.schemas.serde.SchemaEvolution;
import io.herald.schemas.serde.SchemaHistory;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The store's value evolves like a topic contract: state written by any shipped version must be
 * restorable from the changelog by the current code, and a rolled-back instance must read new state.
 */
class UserPresenceSchemaTest {

  private final Schema current = UserPresence.getClassSchema();
  private final List<Schema> history = SchemaHistory.versions(current.getName());

  @Test
  void keepsTheEvolutionRuleOfEveryShippedVersion() {
    assertThat(history).as("add io/herald/schemas/history/UserPresence/vN.avsc when the schema changes").isNotEmpty();
    assertThat(SchemaEvolution.violations(current)).isEmpty();
  }

  @Test
  void roundTripsThroughTheStoreSerde() {
    UserPresence state = new UserPresence(true, 5L, 7L, 9L,
        List.of(new LiveSession("gw", "s1", "phone", 1L, 2L)), List.of(new EndedSession("gw", "s0", 3L)));
    AvroSerde<UserPresence> serde = AvroSerde.of(UserPresence.class);
    assertThat(serde.deserialize("t", serde.serialize("t", state))).isEqualTo(state);
  }
}
