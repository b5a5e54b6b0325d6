package io.herald.ingest.devices;

import io.herald.ingest.outbox.OutboxEntry;
import io.herald.ingest.outbox.OutboxRelay;
import io.herald.web.problem.ProblemException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Registers and removes push tokens (at most {@code max-devices-per-user}; the oldest is dropped)
 * and replaces notification settings; each change is stored with its {@code users} event and
 * handed to the accounts' outbox relay. Concurrent changes of one user are serialised by an
 * optimistic version check and retried.
 */
@Service
class DeviceService {

  private static final int ATTEMPTS = 5;

  private final DeviceStore store;
  private final OutboxRelay relay;
  private final DeviceSettings settings;
  private final Clock clock;

  DeviceService(DeviceStore store, OutboxRelay relay, DeviceSettings settings, Clock clock) {
    this.store = store;
    this.relay = relay;
    this.settings = settings;
    this.clock = clock;
  }

  /** The user's devices after registering {@code r} (re-registering a token refreshes its platform/locale). */
  Mono<List<DeviceView>> register(String userId, DeviceRequest r) {
    return change(userId, (snapshot, now) -> {
      String id = DeviceEvents.deviceId(r.token());
      List<DeviceView> devices = new ArrayList<>(snapshot.devices());
      devices.removeIf(d -> d.deviceId().equals(id));
      devices.add(new DeviceView(id, r.token(), r.platform(), r.locale(), now));
      devices.sort(Comparator.comparing(DeviceView::addedAt));
      List<OutboxEntry> events = new ArrayList<>();
      while (devices.size() > settings.maxDevicesPerUser()) {
        events.add(DeviceEvents.removed(userId, devices.remove(0).deviceId(), now));
      }
      events.add(DeviceEvents.added(userId, devices.get(devices.size() - 1), now));
      return new Change(devices, null, events);
    }).map(DeviceStore.Snapshot::devices);
  }

  /** Removes the token's device; idempotent (nothing happens, and nothing is published, when it is not registered). */
  Mono<Void> remove(String userId, String token) {
    String id = DeviceEvents.deviceId(token);
    return change(userId, (snapshot, now) -> {
      if (snapshot.devices().stream().noneMatch(d -> d.deviceId().equals(id))) {
        return null;
      }
      List<DeviceView> devices = snapshot.devices().stream().filter(d -> !d.deviceId().equals(id)).toList();
      return new Change(devices, null, List.of(DeviceEvents.removed(userId, id, now)));
    }).then();
  }

  Mono<List<DeviceView>> devices(String userId) {
    return load(userId).map(DeviceStore.Snapshot::devices);
  }

  Mono<NotificationSettingsView> settings(String userId) {
    return load(userId).map(DeviceStore.Snapshot::settings);
  }

  /** Replaces the settings; publishes them only when they changed. */
  Mono<NotificationSettingsView> replaceSettings(String userId, NotificationSettingsView wanted) {
    NotificationSettingsView next = wanted.normalized();
    return change(userId, (snapshot, now) -> next.equals(snapshot.settings()) ? null
        : new Change(null, next, List.of(DeviceEvents.settingsChanged(userId, next, now))))
        .map(DeviceStore.Snapshot::settings);
  }

  /** Turns the e-mail digest off (the one-click unsubscribe link). */
  Mono<Void> unsubscribeDigest(String userId) {
    return change(userId, (snapshot, now) -> {
      NotificationSettingsView s = snapshot.settings();
      if (!s.emailDigestEnabled()) {
        return null;
      }
      NotificationSettingsView next = new NotificationSettingsView(s.pushEnabled(), false, s.quietHours(), s.mutedConversations());
      return new Change(null, next, List.of(DeviceEvents.settingsChanged(userId, next, now)));
    }).then();
  }

  private Mono<DeviceStore.Snapshot> load(String userId) {
    return store.load(userId).switchIfEmpty(Mono.error(() -> ProblemException.unauthorized("account no longer exists")));
  }

  /** What a change writes; null devices/settings: unchanged. */
  private record Change(List<DeviceView> devices, NotificationSettingsView settings, List<OutboxEntry> events) {}

  private interface Planner {
    /** The change to write given what was read, or null for none. */
    Change plan(DeviceStore.Snapshot read, Instant now);
  }

  /** Read, plan, write if unchanged meanwhile; retried a few times, then 409. Returns the state after. */
  private Mono<DeviceStore.Snapshot> change(String userId, Planner planner) {
    return Mono.defer(() -> load(userId).flatMap(read -> {
          Instant now = clock.instant();
          Change c = planner.plan(read, now);
          if (c == null) {
            return Mono.just(read);
          }
          DeviceStore.Snapshot after = new DeviceStore.Snapshot(c.devices() == null ? read.devices() : c.devices(),
              c.settings() == null ? read.settings() : c.settings(), read.version() + 1);
          return store.write(userId, read, c.devices(), c.settings(), c.events(), now)
              .flatMap(ok -> ok ? Mono.just(after) : Mono.<DeviceStore.Snapshot>empty())
              .doOnNext(x -> relay.nudge(userId));
        }))
        .repeatWhenEmpty(ATTEMPTS - 1, Function.identity())
        .switchIfEmpty(Mono.error(() -> ProblemException.conflict("the device list changed concurrently; retry")));
  }
}
