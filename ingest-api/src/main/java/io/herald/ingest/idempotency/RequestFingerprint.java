package io.herald.ingest.idempotency;

import io.herald.schemas.digest.Digests;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * SHA-256 of a request's meaning: the route target plus the parsed body re-serialised with sorted
 * map keys, so whitespace or key order does not make a faithful retry look different.
 */
public final class RequestFingerprint {

  private static final JsonMapper CANONICAL = JsonMapper.builder()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  private static final byte[] SEPARATOR = {0};

  private RequestFingerprint() {}

  public static String of(String target, Object body) {
    byte[] canonical = CANONICAL.writeValueAsBytes(body);
    return HexFormat.of().formatHex(Digests.sha256(target.getBytes(StandardCharsets.UTF_8), SEPARATOR, canonical));
  }
}
