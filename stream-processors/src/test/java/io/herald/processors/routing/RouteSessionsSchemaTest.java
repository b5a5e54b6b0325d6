package io.herald.processors.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.processors.routing.state.RouteSession;
import io.herald.processors.routing.state.RouteSessions;
import io.herald.schemas.serde.AvroSerde;
import io.herald.schemas.serde.SchemaEvolution;
import io.herald.schemas.serde.SchemaHistory;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The store's value evolves like a topic contract (changelogs written by any shipped version restore). */
class RouteSessionsSchemaTest {

  private final Schema current = RouteSessions.getClassSchema();

  @Test
  void keepsTheEvolutionRuleOfEveryShippedVersion() {
    assertThat(SchemaHistory.versions(current.getName()))
        .as("add io/herald/schemas/history/RouteSessions/vN.avsc when the schema changes").isNotEmpty();
    assertThat(SchemaEvolution.violations(current)).isEmpty();
  }

  @Test
  void roundTripsThroughTheStoreSerde() {
    RouteSessions state = new RouteSessions(List.of(new RouteSession("s1", "gw-a", 3, 5L)));
    AvroSerde<RouteSessions> serde = AvroSerde.of(RouteSessions.class);
    assertThat(serde.deserialize("t", serde.serialize("t", state))).isEqualTo(state);
  }
}
