package io.herald.ingest.accounts;

import io.herald.events.ProfileChanged;
import io.herald.events.UserDeleted;
import io.herald.events.UserEvent;
import io.herald.events.UserRegistered;
import io.herald.events.UserRole;
import io.herald.ingest.outbox.OutboxEntry;
import io.herald.schemas.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Account changes as {@code users} topic events, encoded for the outbox (key: user id). */
final class UserEvents {

  private UserEvents() {}

  static OutboxEntry registered(Account a, Instant now) {
    return entry(a.userId(), now, UserRegistered.newBuilder()
        .setEmail(a.email())
        .setDisplayName(a.displayName())
        .setRole(UserRole.valueOf(a.role().name()))
        .setShopIds(a.shopIds())
        .build());
  }

  /** Only the fields that changed are set; null means unchanged. */
  static OutboxEntry profileChanged(String userId, String email, String displayName, Instant now) {
    return entry(userId, now, new ProfileChanged(email, displayName, null, null, null));
  }

  /** The account's shop list changed: {@code ProfileChanged} with the full new list (nothing else changed). */
  static OutboxEntry shopsChanged(String userId, List<String> shopIds, Instant now) {
    return entry(userId, now, new ProfileChanged(null, null, List.copyOf(shopIds), null, null));
  }

  /** A sign-in session of the account was revoked: {@code ProfileChanged} naming it (nothing else changed). */
  static OutboxEntry sessionRevoked(String userId, String sessionId, Instant now) {
    return entry(userId, now, new ProfileChanged(null, null, null, null, List.of(sessionId)));
  }

  static OutboxEntry deleted(String userId, Instant now) {
    return entry(userId, now, new UserDeleted());
  }

  private static OutboxEntry entry(String userId, Instant now, Object payload) {
    UUID eventId = UUID.randomUUID();
    UserEvent event = UserEvent.newBuilder()
        .setEventId(eventId)
        .setOccurredAt(now)
        .setUserId(userId)
        .setPayload(payload)
        .build();
    byte[] value = Topics.USERS.valueSerde().serializer().serialize(Topics.USERS.name(), event);
    return new OutboxEntry(eventId, Topics.USERS.name(), userId, now, now, value);
  }
}
