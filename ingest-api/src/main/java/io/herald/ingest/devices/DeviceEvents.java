package io.herald.ingest.devices;

import io.herald.events.DeviceTokenAdded;
import io.herald.events.DeviceTokenRemoved;
import io.herald.events.NotificationSettings;
import io.herald.events.ProfileChanged;
import io.herald.events.QuietHours;
import io.herald.events.UserEvent;
import io.herald.ingest.outbox.OutboxEntry;
import io.herald.schemas.digest.Digests;
import io.herald.schemas.topics.Topics;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/** Device and settings changes as {@code users} topic events, encoded for the outbox (key: user id). */
final class DeviceEvents {

  private DeviceEvents() {}

  /**
   * A device's id: derived from its token (SHA-256, 128 bits, hex), so the same token registered
   * twice is the same device and every service can name it without a lookup.
   */
  static String deviceId(String token) {
    return HexFormat.of().formatHex(Digests.sha256(token), 0, 16);
  }

  static OutboxEntry added(String userId, DeviceView d, Instant now) {
    return entry(userId, now, new DeviceTokenAdded(d.deviceId(), d.token(), d.platform(), d.locale()));
  }

  static OutboxEntry removed(String userId, String deviceId, Instant now) {
    return entry(userId, now, new DeviceTokenRemoved(deviceId));
  }

  static OutboxEntry settingsChanged(String userId, NotificationSettingsView s, Instant now) {
    QuietHours quiet = s.quietHours() == null ? null : new QuietHours(DeviceValidator.minuteOfDay(s.quietHours().start()),
        DeviceValidator.minuteOfDay(s.quietHours().end()), s.quietHours().timeZone());
    NotificationSettings settings = new NotificationSettings(s.pushEnabled(), s.emailDigestEnabled(), quiet,
        s.mutedConversations());
    return entry(userId, now, new ProfileChanged(null, null, null, settings, null));
  }

  private static OutboxEntry entry(String userId, Instant now, Object payload) {
    UUID eventId = UUID.randomUUID();
    UserEvent event = UserEvent.newBuilder().setEventId(eventId).setOccurredAt(now).setUserId(userId).setPayload(payload).build();
    byte[] value = Topics.USERS.valueSerde().serializer().serialize(Topics.USERS.name(), event);
    return new OutboxEntry(eventId, Topics.USERS.name(), userId, now, now, value);
  }
}
