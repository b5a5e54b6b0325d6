package io.herald.processors.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.processors.notifications.state.NotificationPending;
import io.herald.processors.notifications.state.NotificationProfile;
import io.herald.processors.notifications.state.PendingConversation;
import io.herald.processors.notifications.state.ProfileDevice;
import io.herald.schemas.serde.AvroSerde;
import io.herald.schemas.serde.SchemaEvolution;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stores' values evolve like topic contracts (state written by any shipped version restores). */
class NotificationStateSchemaTest {

  @Test
  void keepTheEvolutionRule() {
    assertThat(SchemaEvolution.violations(NotificationProfile.getClassSchema())).isEmpty();
    assertThat(SchemaEvolution.violations(NotificationPending.getClassSchema())).isEmpty();
  }

  @Test
  void roundTripThroughTheStoreSerdes() {
    NotificationProfile profile = NotificationProfile.newBuilder().setEmail("a@b.c").setDevices(
        List.of(new ProfileDevice("d", "t", "ios", null))).build();
    NotificationPending pending = NotificationPending.newBuilder().setConversations(List.of(
        PendingConversation.newBuilder().setConversationId("c").setUnreadSeqs(List.of(1L, 2L)).build())).build();
    AvroSerde<NotificationProfile> ps = AvroSerde.of(NotificationProfile.class);
    AvroSerde<NotificationPending> qs = AvroSerde.of(NotificationPending.class);
    assertThat(ps.deserialize("t", ps.serialize("t", profile))).isEqualTo(profile);
    assertThat(qs.deserialize("t", qs.serialize("t", pending))).isEqualTo(pending);
  }
}
