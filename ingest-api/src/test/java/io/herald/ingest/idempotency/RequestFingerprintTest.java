package io.herald.ingest.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.ingest.shopmessages.ShopMessageRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestFingerprintTest {

  @Test
  void mapKeyOrderDoesNotChangeTheFingerprint() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");
    assertThat(RequestFingerprint.of("s", new ShopMessageRequest("k", "body", ab, null)))
        .isEqualTo(RequestFingerprint.of("s", new ShopMessageRequest("k", "body", ba, null)));
  }

  @Test
  void anyDifferenceInBodyOrTargetChangesIt() {
    String base = RequestFingerprint.of("shop-1", new ShopMessageRequest("k", "body", Map.of(), null));
    assertThat(RequestFingerprint.of("shop-1", new ShopMessageRequest("k", "body!", Map.of(), null))).isNotEqualTo(base);
    assertThat(RequestFingerprint.of("shop-2", new ShopMessageRequest("k", "body", Map.of(), null))).isNotEqualTo(base);
    assertThat(base).hasSize(64);
  }
}
