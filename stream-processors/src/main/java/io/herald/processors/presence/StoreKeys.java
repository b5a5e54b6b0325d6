package io.herald.processors.presence;

/**
 * Keys of the two helper stores, built so the sweep reads only what it needs with range scans.
 *
 * <p>Session index: {@code gateway_id NUL user_id NUL session_id}. All sessions of a gateway
 * share the prefix {@code gateway_id NUL}; the next gateway in key order starts at or after
 * {@code gateway_id SOH} (ids never contain NUL, see {@link PresenceEvents}), so the sweep can hop
 * from gateway to gateway without reading their sessions. String keys serialise as UTF-8, whose
 * byte order is code-point order, the order both RocksDB and the in-memory store use.
 *
 * <p>Timers: {@code due_ms as 19 zero-padded digits NUL user_id}, so "everything due by now" is
 * one range scan from the start.
 */
final class StoreKeys {

  static final char SEP = '\u0000';
  private static final char AFTER_SEP = '\u0001';

  private StoreKeys() {}

  static String session(String gatewayId, String userId, String sessionId) {
    return gatewayId + SEP + userId + SEP + sessionId;
  }

  static String gatewayPrefix(String gatewayId) {
    return gatewayId + SEP;
  }

  /** The smallest key that sorts after every session of the gateway. */
  static String afterGateway(String gatewayId) {
    return gatewayId + AFTER_SEP;
  }

  /** {gateway_id, user_id, session_id} of a session index key. */
  static String[] parseSession(String key) {
    int first = key.indexOf(SEP);
    int second = key.indexOf(SEP, first + 1);
    return new String[] {key.substring(0, first), key.substring(first + 1, second), key.substring(second + 1)};
  }

  static String timer(long dueMs, String userId) {
    return timePrefix(dueMs) + SEP + userId;
  }

  /** Upper bound (inclusive) of a range holding every timer due at or before {@code nowMs}. */
  static String timersDueBy(long nowMs) {
    return timePrefix(nowMs) + AFTER_SEP;
  }

  static String timerUser(String key) {
    return key.substring(key.indexOf(SEP) + 1);
  }

  private static String timePrefix(long ms) {
    return String.format("%019d", Math.max(ms, 0));
  }
}
