package io.herald.processors.notifications;

import io.herald.events.DeviceTokenAdded;
import io.herald.events.DeviceTokenRemoved;
import io.herald.events.NotificationSettings;
import io.herald.events.ProfileChanged;
import io.herald.events.UserDeleted;
import io.herald.events.UserEvent;
import io.herald.events.UserRegistered;
import io.herald.processors.notifications.state.NotificationProfile;
import io.herald.processors.notifications.state.ProfileDevice;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Folds {@code users} events into each user's {@link NotificationProfile}; a deleted user is forgotten. */
final class ProfileRecorder implements Processor<String, UserEvent, Void, Void> {

  private final NotificationLimits limits;
  private KeyValueStore<String, NotificationProfile> profiles;

  ProfileRecorder(NotificationLimits limits) {
    this.limits = limits;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    profiles = context.getStateStore(NotificationTopology.PROFILE_STORE);
  }

  @Override
  public void process(Record<String, UserEvent> record) {
    UserEvent event = record.value();
    if (event == null || record.key() == null || !record.key().equals(event.getUserId())) {
      return; // not the contract (key must be user_id); nothing to learn from it
    }
    String userId = record.key();
    if (event.getPayload() instanceof UserDeleted) {
      profiles.delete(userId);
      return;
    }
    NotificationProfile p = profiles.get(userId);
    NotificationProfile.Builder b = p == null ? NotificationProfile.newBuilder() : NotificationProfile.newBuilder(p);
    Object payload = event.getPayload();
    if (payload instanceof UserRegistered r) {
      b.setEmail(r.getEmail()).setDisplayName(r.getDisplayName());
    } else if (payload instanceof ProfileChanged c) {
      if (c.getEmail() != null) {
        b.setEmail(c.getEmail());
      }
      if (c.getDisplayName() != null) {
        b.setDisplayName(c.getDisplayName());
      }
      if (c.getNotificationSettings() != null) {
        apply(b, c.getNotificationSettings());
      }
    } else if (payload instanceof DeviceTokenAdded a) {
      List<ProfileDevice> devices = new ArrayList<>(b.getDevices());
      devices.removeIf(d -> d.getDeviceId().equals(a.getDeviceId()));
      devices.add(new ProfileDevice(a.getDeviceId(), a.getToken(), a.getPlatform(), a.getLocale()));
      while (devices.size() > limits.maxDevicesPerUser()) {
        devices.remove(0);
      }
      b.setDevices(devices);
    } else if (payload instanceof DeviceTokenRemoved r) {
      b.setDevices(b.getDevices().stream().filter(d -> !d.getDeviceId().equals(r.getDeviceId())).toList());
    } else {
      return;
    }
    profiles.put(userId, b.build());
  }

  private static void apply(NotificationProfile.Builder b, NotificationSettings s) {
    b.setPushEnabled(s.getPushEnabled()).setEmailDigestEnabled(s.getEmailDigestEnabled())
        .setMutedConversations(List.copyOf(s.getMutedConversations()));
    if (s.getQuietHours() == null) {
      b.setQuietStartMinute(-1).setQuietEndMinute(-1).setTimeZone(null);
    } else {
      b.setQuietStartMinute(s.getQuietHours().getStartMinute()).setQuietEndMinute(s.getQuietHours().getEndMinute())
          .setTimeZone(s.getQuietHours().getTimeZone());
    }
  }
}
