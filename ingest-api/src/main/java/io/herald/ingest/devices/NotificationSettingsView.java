package io.herald.ingest.devices;

import java.util.List;

/**
 * Body of {@code GET/PUT /v1/users/me/notification-settings}: the whole settings (PUT replaces them).
 * Absent booleans mean on; {@code quietHours} absent or null means none.
 */
record NotificationSettingsView(Boolean pushEnabled, Boolean emailDigestEnabled, QuietHoursView quietHours,
                                List<String> mutedConversations) {

  static final NotificationSettingsView DEFAULTS = new NotificationSettingsView(true, true, null, List.of());

  /** {@code start}/{@code end} as {@code HH:mm} local time in {@code timeZone} (IANA id); end exclusive, may wrap midnight. */
  record QuietHoursView(String start, String end, String timeZone) {}

  NotificationSettingsView normalized() {
    return new NotificationSettingsView(pushEnabled == null || pushEnabled, emailDigestEnabled == null || emailDigestEnabled,
        quietHours, mutedConversations == null ? List.of() : List.copyOf(mutedConversations));
  }
}
