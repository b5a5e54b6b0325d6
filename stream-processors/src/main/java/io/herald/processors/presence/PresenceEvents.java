package io.herald.processors.presence;

import io.herald.events.PresenceEvent;

/**
 * Input checks. A record that fails them throws, and the service's processing exception handler
 * parks its raw bytes on {@code presence.dlq}: a gateway bug must be visible, not silently dropped.
 */
final class PresenceEvents {

  /** Ids are UUID-sized in practice; the bound keeps one user's state (and changelog record) small. */
  static final int MAX_ID_LENGTH = 256;

  private PresenceEvents() {}

  static void validate(String key, PresenceEvent event) {
    if (event == null) {
      throw new IllegalArgumentException("presence record without a value (key " + key + ")");
    }
    id("user_id", event.getUserId());
    if (!event.getUserId().equals(key)) {
      // the key decides the partition, hence which task holds the user's sessions
      throw new IllegalArgumentException("record key " + key + " is not the event's user_id " + event.getUserId());
    }
    id("session_id", event.getSessionId());
    id("device_id", event.getDeviceId());
    id("gateway_id", event.getGatewayId());
  }

  private static void id(String field, String value) {
    if (value == null || value.isBlank() || value.length() > MAX_ID_LENGTH
        || value.indexOf(StoreKeys.SEP) >= 0) { // NUL separates the parts of the index keys
      throw new IllegalArgumentException(field + " must be 1-" + MAX_ID_LENGTH
          + " characters without NUL, was " + (value == null ? "null" : "'" + value + "'"));
    }
  }
}
