package io.herald.ingest.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

  private RequestFingerprint() {}

  public static String of(String target, Object body) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(target.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(CANONICAL.writeValueAsBytes(body));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
