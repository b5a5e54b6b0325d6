package io.herald.ingest.devices;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.herald.ingest.outbox.OutboxEntry;
import io.herald.ingest.outbox.OutboxRelay;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import reactor.core.publisher.Mono;

/**
 * A user's devices and notification settings, kept on their {@code accounts} document so that a
 * change and its {@code users} event are one single-document write and the accounts' outbox relay
 * publishes them (no second relay, no transaction). Writes are optimistic: each carries the
 * {@code notification_version} it read and fails (returns false) when another write came first.
 */
class DeviceStore {

  static final String COLLECTION = "accounts";
  private static final String DEVICES = "devices";
  private static final String SETTINGS = "notification_settings";
  private static final String VERSION = "notification_version";

  private final MongoCollection<Document> accounts;

  DeviceStore(MongoCollection<Document> accounts) {
    this.accounts = accounts;
  }

  /** What a live account holds; empty when the account is gone. */
  Mono<Snapshot> load(String userId) {
    return Mono.from(accounts.find(Filters.and(Filters.eq("_id", userId), live()))
            .projection(Projections.include(DEVICES, SETTINGS, VERSION)).first())
        .map(DeviceStore::snapshot);
  }

  /** Writes the new devices/settings (null: unchanged) with their events; false when {@code read} is stale or the account gone. */
  Mono<Boolean> write(String userId, Snapshot read, List<DeviceView> devices, NotificationSettingsView settings,
                      List<OutboxEntry> events, Instant now) {
    List<Bson> changes = new ArrayList<>();
    if (devices != null) {
      changes.add(Updates.set(DEVICES, devices.stream().map(DeviceStore::toDocument).toList()));
    }
    if (settings != null) {
      changes.add(Updates.set(SETTINGS, toDocument(settings)));
    }
    changes.add(Updates.set(VERSION, read.version() + 1));
    changes.add(Updates.set("updated_at", Date.from(now)));
    if (!events.isEmpty()) {
      changes.add(Updates.pushEach(OutboxEntry.FIELD, events.stream().map(OutboxEntry::toDocument).toList()));
    }
    Bson version = read.version() == 0 ? Filters.or(Filters.exists(VERSION, false), Filters.eq(VERSION, 0L))
        : Filters.eq(VERSION, read.version());
    return Mono.from(accounts.updateOne(Filters.and(Filters.eq("_id", userId), live(), version), Updates.combine(changes)))
        .map(r -> r.getModifiedCount() == 1);
  }

  /** @param version 0 before the first write */
  record Snapshot(List<DeviceView> devices, NotificationSettingsView settings, long version) {}

  private static Bson live() {
    return Filters.ne(OutboxRelay.TOMBSTONE, true);
  }

  private static Snapshot snapshot(Document d) {
    List<DeviceView> devices = d.getList(DEVICES, Document.class, List.of()).stream()
        .map(x -> new DeviceView(x.getString("device_id"), x.getString("token"), x.getString("platform"),
            x.getString("locale"), x.getDate("added_at").toInstant()))
        .toList();
    Document s = d.get(SETTINGS, Document.class);
    NotificationSettingsView settings = s == null ? NotificationSettingsView.DEFAULTS : new NotificationSettingsView(
        s.getBoolean("push_enabled", true), s.getBoolean("email_digest_enabled", true),
        s.getString("quiet_start") == null ? null : new NotificationSettingsView.QuietHoursView(
            s.getString("quiet_start"), s.getString("quiet_end"), s.getString("time_zone")),
        s.getList("muted_conversations", String.class, List.of()));
    Number version = d.get(VERSION, Number.class);
    return new Snapshot(devices, settings, version == null ? 0 : version.longValue());
  }

  private static Document toDocument(DeviceView d) {
    return new Document("device_id", d.deviceId()).append("token", d.token()).append("platform", d.platform())
        .append("locale", d.locale()).append("added_at", Date.from(d.addedAt()));
  }

  private static Document toDocument(NotificationSettingsView s) {
    Document d = new Document("push_enabled", s.pushEnabled()).append("email_digest_enabled", s.emailDigestEnabled())
        .append("muted_conversations", s.mutedConversations());
    if (s.quietHours() != null) {
      d.append("quiet_start", s.quietHours().start()).append("quiet_end", s.quietHours().end())
          .append("time_zone", s.quietHours().timeZone());
    }
    return d;
  }
}
