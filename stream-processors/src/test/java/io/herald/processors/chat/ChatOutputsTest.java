package io.herald.processors.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChatOutputsTest {

  @Test
  void eventIdsAreTheNameBasedUuidsTheyAlwaysWere() {
    // ids of records written before the digest was reused must equal the ones computed now
    for (String[] parts : new String[][] {{"delivery", "c-1", "42", "bob"}, {"delivery-state", UUID.randomUUID().toString()},
        {"ünïcødé", "", "x"}}) {
      StringBuilder sb = new StringBuilder();
      for (String part : parts) {
        sb.append(part.length()).append(':').append(part);
      }
      assertThat(ChatOutputs.uuid(parts))
          .isEqualTo(UUID.nameUUIDFromBytes(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(ChatOutputs.uuid("delivery", "c-1", "1", "bob")).isNotEqualTo(ChatOutputs.uuid("delivery", "c-1", "2", "bob"));
  }
}
